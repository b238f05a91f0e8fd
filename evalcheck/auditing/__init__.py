"""Audit mode: capture and check the metric calls a program makes.

``evalcheck.audit()`` (:mod:`.capture`) is the entry point; this package is named ``auditing``
so that importing one of its modules never hides that function behind a module of the same
name.
"""
