/* Partner Console: passkey ceremonies (WebAuthn). A form marked data-passkey="create" or "get"
   first asks data-passkey-options for the options (same form fields: csrf, mfaToken), runs
   navigator.credentials.create/get, puts the credential (JSON) into its "credential" field and
   then submits normally. Loaded only on pages with such a form. */
(function () {
  "use strict";

  // the page's sentences in its language (base.html's #console-text), English as written here
  function text(key, english) {
    var box = document.getElementById("console-text");
    return (box && box.dataset[key]) || english;
  }

  function toBuffer(encoded) {
    var s = encoded.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) s += "=";
    var raw = atob(s);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out.buffer;
  }

  function toText(buffer) {
    var bytes = new Uint8Array(buffer);
    var s = "";
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function descriptors(list) {
    (list || []).forEach(function (c) { c.id = toBuffer(c.id); });
    return list;
  }

  function asJSON(credential) {
    var r = credential.response;
    var out = {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      response: { clientDataJSON: toText(r.clientDataJSON) },
      clientExtensionResults: credential.getClientExtensionResults()
    };
    if (r.attestationObject) {
      out.response.attestationObject = toText(r.attestationObject);
      if (r.getTransports) out.response.transports = r.getTransports();
    } else {
      out.response.authenticatorData = toText(r.authenticatorData);
      out.response.signature = toText(r.signature);
      if (r.userHandle) out.response.userHandle = toText(r.userHandle);
    }
    return out;
  }

  function say(form, message) {
    var box = form.querySelector("[data-passkey-error]");
    if (box) { box.textContent = message; box.hidden = false; }
  }

  function ceremony(form) {
    if (!window.PublicKeyCredential) {
      say(form, text("passkeyUnsupported", "This browser cannot use passkeys."));
      return;
    }
    var body = new URLSearchParams(new FormData(form));
    body.delete("idempotencyKey"); // the form's key belongs to its final submit
    fetch(form.dataset.passkeyOptions, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" }
    }).then(function (reply) {
      return reply.json().then(function (data) {
        if (!reply.ok) throw new Error(data.message || text("passkeyFailed", "The passkey could not be started."));
        return data;
      });
    }).then(function (options) {
      options.challenge = toBuffer(options.challenge);
      if (form.dataset.passkey === "create") {
        options.user.id = toBuffer(options.user.id);
        descriptors(options.excludeCredentials);
        return navigator.credentials.create({ publicKey: options });
      }
      descriptors(options.allowCredentials);
      return navigator.credentials.get({ publicKey: options });
    }).then(function (credential) {
      form.querySelector('input[name="credential"]').value = JSON.stringify(asJSON(credential));
      form.dataset.ready = "yes";
      form.requestSubmit();
    }).catch(function (error) {
      say(form, error.name === "NotAllowedError"
        ? text("passkeyCancelled", "The passkey request was cancelled or timed out; try again.")
        : error.message);
    });
  }

  // capture phase: before htmx's own submit handling of boosted forms
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-passkey]")) return;
    if (form.dataset.ready) { delete form.dataset.ready; return; }
    event.preventDefault();
    event.stopPropagation();
    ceremony(form);
  }, true);
})();
