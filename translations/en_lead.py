"""English for strings the lead added while merging issue #15's parts."""
# ruff: noqa: E501

EN = {
    "Categorie van bevindingen": "Finding category",
    "Categorie van bevindingen toevoegen": "Add finding category",
    "Categorie van bevindingen wijzigen": "Edit finding category",
    "Voldaan:": "Met:",
    "Ontbreekt:": "Missing:",
    "Vaste rol: de rechten staan in de configuratie": "Built-in role: its permissions are set in the configuration",
    "Minimaal aantal partners": "Minimum number of partners",
    "Sorteren op": "Sort by",
    "Reden": "Reason",
    "Soort document": "Document type",
    "Sjabloon (.docx)": "Template (.docx)",
    "Beveiliging": "Security",
    "Gebruikers": "Users",
    "Rollen": "Roles",
    "Groepen": "Groups",
    "Basisrechten": "Base permissions",
    "Schermen en menu's": "Views and menus",
    "Rechten per scherm": "Permissions per view",
}
