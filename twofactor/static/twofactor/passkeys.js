// Once a passkey is registered, show the page again so it appears in the list.
document.addEventListener("otp_webauthn.register_complete", function () {
  window.location.reload();
});
