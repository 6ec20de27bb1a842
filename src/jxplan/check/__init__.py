"""Stage 2, check: plain data in, checked plan and reports out.

In: the documents of stage 1. Out: the plan and each report validated into models (``model``,
``validation``) and kept as frozen records (``record``), every problem positioned (the rules of
``rules``, each in one table), and what the accepted reports say (``facts``): a ``Workspace``
(``pipeline``), a plan checked (``plans``), one report checked (``reports``). Nothing here judges a status: that is stage 3.
"""
