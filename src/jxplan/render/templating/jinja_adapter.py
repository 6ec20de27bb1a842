"""Jinja's compiler, hooked: the one place jxplan uses Jinja's private API (``CodeGenerator``
and its ``_output_child_pre``/``_output_child_post``), checked against the pinned Jinja by
tests/test_adapters.py. The hooks only call the sandbox's public methods (``jx_iter``,
``jx_pieces``, ``account``, ``jx_out``, ``jx_weigh``), defined in ``bounded``.
"""

from __future__ import annotations


from jinja2 import nodes
from jinja2.compiler import CodeGenerator



class _Generator(CodeGenerator):
    """Jinja's compiler with three hooks: loops count their steps, ``~`` weighs its pieces
    before joining them (and counts what it made), and every value output is weighed before
    ``str()`` and counted after."""

    def visit_Template(self, node, frame=None):
        for loop in node.find_all(nodes.For):
            call = nodes.Call(nodes.EnvironmentAttribute("jx_iter"), [loop.iter], [], None, None,
                              lineno=loop.iter.lineno)
            loop.iter = call.set_environment(self.environment)
        super().visit_Template(node, frame)

    def visit_Concat(self, node, frame):
        if frame.eval_ctx.volatile:
            func_name = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            func_name = "markup_join"
        else:
            func_name = "str_join"
        self.write(f"environment.account({func_name}(environment.jx_pieces((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))))")

    def _output_child_pre(self, node, frame, finalize):
        self.write("environment.jx_out(")
        super()._output_child_pre(node, frame, finalize)
        self.write("environment.jx_weigh(")

    def _output_child_post(self, node, frame, finalize):
        self.write(")")
        super()._output_child_post(node, frame, finalize)
        self.write(")")
