"""The plain vocabulary of the domain, under every stage: the words of the supervision cycle
(``terms``: quarters, statuses, stages and their Chinese labels), quantities written with 萬 and
億 (``quantity``), the one problem type (``problems``), the two scripts (``script``), and the
small services every stage may use: files written atomically (``output``), files shipped with
the package (``resources``), a content-keyed cache (``cache``), children that die with jxplan
(``processes``), and the layout of the Excel form shared by its writer and its reader
(``form_layout``). Nothing here imports a stage."""
