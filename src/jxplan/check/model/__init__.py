"""Pydantic models of the plan and of a progress report (contract v1, formats.md)."""

from .plan import Notice, Plan, Point, Section, Target, Unit
from .report import Entry, Reason, Report

__all__ = ["Notice", "Plan", "Point", "Section", "Target", "Unit", "Entry", "Reason", "Report"]
