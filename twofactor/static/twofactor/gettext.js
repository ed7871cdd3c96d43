// django-otp-webauthn's scripts call gettext(); our pages are in English, so the words are its own.
window.gettext = window.gettext || function (text) { return text; };
