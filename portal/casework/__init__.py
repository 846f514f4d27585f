"""Case work of the operational phase: casustafel, controls, findings, follow-up, journal
and results (DOMAIN.md "Signals, coupling, casustafel").

Modules: ``scope`` (who sees which rows), ``cases`` (status rules), ``meetings``,
``controls``, ``followup``, ``journal`` (append-only), ``results`` and ``charts``.
Importing ``portal.casework.journal`` installs the journal's session hooks.
"""
