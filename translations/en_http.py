"""English for the HTTP conventions of the API (issue #17: one error shape, token errors)."""
# ruff: noqa: E501

EN = {
    "Log eerst in: stuur een toegangstoken mee (Authorization: Bearer ...) of gebruik een ingelogde sessie.": "Sign in first: send an access token (Authorization: Bearer ...) or use a signed-in session.",
    "Het toegangstoken is ongeldig. Log opnieuw in.": "The access token is invalid. Sign in again.",
    "Het toegangstoken is verlopen. Vraag een nieuw aan met het vernieuwingstoken (/api/v1/security/refresh) of log opnieuw in.": "The access token has expired. Request a new one with the refresh token (/api/v1/security/refresh) or sign in again.",
    "Dit toegangstoken is ingetrokken. Log opnieuw in.": "This access token has been revoked. Sign in again.",
    "Hiervoor is een vers toegangstoken nodig. Log opnieuw in.": "This needs a fresh access token. Sign in again.",
    "Geen geldige Rison of JSON.": "Not valid Rison or JSON.",
    "De gebruikersnaam of het wachtwoord is onjuist.": "The username or password is incorrect.",
}
