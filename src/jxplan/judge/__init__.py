"""Stage 3, judge: a checked plan and reports in, statuses out.

In: a ``Workspace`` of stage 2 (the plan's index and the reports' facts). Out: every target's
and every unit's status in a quarter (``status``, the rules of docs/formats.md, pure), and what
a quarter's statuses tell each unit before its report goes to the bulletin (``advice``).
"""
