"""English for the Dutch UI strings of the sign-in through the organisation's identity
provider (portal/sso.py, the OAuth login page; issue #16 section 5)."""
# ruff: noqa: E501

EN = {
    "Inloggen met %(provider)s": "Log in with %(provider)s",
    "Inloggen met uw organisatie": "Log in with your organisation",
    "U logt in met het account van uw organisatie. U gaat daarvoor naar de inlogpagina van uw organisatie en komt daarna hier terug.": "You log in with the account of your organisation. You go to its login page for this and then come back here.",
    "U bent aangemeld bij uw organisatie, maar u heeft geen rol in het portaal. Vraag de beheerder van uw organisatie om toegang.": "You are logged in at your organisation, but you have no role in the portal. Ask your organisation's administrator for access.",
    "Uw account in het portaal is uitgeschakeld. Neem contact op met de beheerder.": "Your account in the portal has been disabled. Contact the administrator.",
    "U heeft nog geen account in het portaal. Vraag de beheerder om u toe te voegen.": "You do not have an account in the portal yet. Ask the administrator to add you.",
    "De identity provider gaf geen gebruikersnaam door. Inloggen is mislukt.": "The identity provider did not pass on a user name. Logging in failed.",
    "De identity provider heeft het inloggen geweigerd of afgebroken. Bestaat uw account nog en heeft u toegang tot het portaal?": "The identity provider refused or cancelled the login. Does your account still exist, and do you have access to the portal?",
    "Inloggen bij de identity provider is mislukt. Probeer het opnieuw.": "Logging in at the identity provider failed. Please try again.",
    "Het inlogverzoek is verlopen of ongeldig. Probeer het opnieuw.": "The login request has expired or is invalid. Please try again.",
    "De identity provider van uw organisatie is nu niet bereikbaar. Probeer het later opnieuw.": "Your organisation's identity provider cannot be reached right now. Please try again later.",
}
