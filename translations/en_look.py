"""English for the Dutch UI strings of the page frame and login (helper "look", issue #15)."""
# ruff: noqa: E501

EN = {
    "Naar de inhoud": "Skip to content",
    "Hoofdmenu": "Main menu",
    "Profiel": "Profile",
    "Uitloggen": "Log out",
    "Log in met uw gebruikersnaam en wachtwoord.": "Log in with your user name and password.",
    "Gebruikersnaam": "User name",
    "Wachtwoord": "Password",
}
