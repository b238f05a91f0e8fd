"""Audit mode: capture and judge the metric calls a program makes."""
