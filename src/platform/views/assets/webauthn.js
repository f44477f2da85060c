// Passkeys (WebAuthn), for pages that offer them. A form marked `data-webauthn="register"` or
// `"authenticate"` stays hidden (with a note that passkeys need JavaScript) until this script finds a browser
// that supports them. On submit it posts the form's CSRF token to `data-webauthn-options`, hands the options
// it gets back to the browser, puts the browser's answer in the form's `credential` field and submits the
// form; the server checks the answer. Messages come from the page (`data-webauthn-failed`). The import
// path is rewritten at build time to the content-hashed @simplewebauthn/browser file.
import { browserSupportsWebAuthn, startAuthentication, startRegistration } from './simplewebauthn-browser.js';

function enhance(form) {
  const section = form.closest('[data-webauthn-section]');
  if (section) section.hidden = false;
  const button = form.querySelector('button[type="submit"], button:not([type])');
  const error = form.querySelector('[data-webauthn-error]');
  let answered = false;

  form.addEventListener('submit', async (event) => {
    if (answered) return;
    event.preventDefault();
    if (button) button.disabled = true;
    if (error) error.hidden = true;
    try {
      const response = await fetch(form.dataset.webauthnOptions, {
        method: 'POST',
        body: new URLSearchParams({ _csrf: form.elements.namedItem('_csrf')?.value ?? '' }),
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
      });
      if (!response.ok) throw new Error(`options: ${response.status}`);
      const optionsJSON = await response.json();
      const credential =
        form.dataset.webauthn === 'register'
          ? await startRegistration({ optionsJSON })
          : await startAuthentication({ optionsJSON });
      form.elements.namedItem('credential').value = JSON.stringify(credential);
      answered = true;
      form.submit();
    } catch {
      // Cancelled, timed out, or refused by the browser: say so, and let the person try again or choose
      // another way on the page.
      if (error) {
        error.textContent = form.dataset.webauthnFailed ?? '';
        error.hidden = false;
      }
      if (button) button.disabled = false;
    }
  });
}

const forms = document.querySelectorAll('form[data-webauthn]');
if (forms.length > 0 && browserSupportsWebAuthn()) {
  for (const note of document.querySelectorAll('[data-webauthn-unavailable]')) note.hidden = true;
  for (const form of forms) enhance(form);
}
