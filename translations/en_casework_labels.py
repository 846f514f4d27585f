"""English for the Dutch form labels of the casework pages (helper "casework labels", issue #15)."""
# ruff: noqa: E501

EN = {
    "Nog actueel voor %(partner)s bij %(adres)s?": "Still current for %(partner)s at %(adres)s?",
    "%(partner)s is trekker bij %(adres)s": "%(partner)s is lead at %(adres)s",
    "Toelichting van %(partner)s bij %(adres)s": "Explanation by %(partner)s at %(adres)s",
    "Waarom is politiebijstand nodig?": "Why is police assistance needed?",
    "bij bevinding %(categorie)s, %(adres)s": "for finding %(categorie)s, %(adres)s",
    "Partner van de actie": "Partner of the action",
    "Persoon die de actie uitvoert": "Person carrying out the action",
    "Omschrijving van de actie": "Description of the action",
    "Deadline van de actie": "Deadline of the action",
    "Rol van %(partner)s": "Role of %(partner)s",
    "Nieuwe status": "New status",
    "Nieuwe journaalregel": "New journal entry",
}
