"""Stage 4, render: statuses in, what people read out, computing nothing of their own.

In: the status results of stage 3 (and the plan). Out: the terminal table (``terminal``), JSON
and CSV (``tables``), the Excel form and status workbook (``workbook``, ``forms``), the bulletin
and the decomposition through Jinja2 templates (``bulletin``, ``documents``, ``templating``), as
Word (``docx``) and PDF (``pdf``), made in a child process with limits (``isolate``), and the
year's site (``site``).
"""
