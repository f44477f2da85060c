/**
 * A passkey button. Passkeys need JavaScript (the browser's WebAuthn API): the form stays hidden and a note
 * says so until the enhancement script (webauthn.js) finds a browser that supports them. Then the script
 * asks the options address for a challenge, lets the browser make or use the passkey, and submits the form
 * with its answer in the `credential` field; the server checks it. Every message is rendered here, from
 * the catalog: the script carries no words.
 */
import type { Children } from '@kitajs/html';
import { GovukButton } from '../../../platform/views/govuk/button.js';
import { CsrfField } from '../../../platform/views/csrf-field.js';
import type { PageContext } from '../../../platform/views/page-context.js';

export function PasskeyForm(props: {
  ctx: PageContext;
  /** `register` makes a new passkey; `authenticate` uses one. */
  ceremony: 'register' | 'authenticate';
  /** Where the script asks for the ceremony's options (a POST with the CSRF token; JSON back). */
  optionsUrl: string;
  action: string;
  buttonText: string;
  /** The enhancement script's address. */
  script: string;
  /** What no-JavaScript readers see instead of the button. */
  unavailableText: string;
  /** What went wrong with the last passkey the server was sent (linked from the error summary). */
  error?: string;
  /** Extra fields (a name for the passkey, where to go back to). */
  children?: Children;
}): JSX.Element {
  const { ctx } = props;
  return (
    <>
      <div data-webauthn-section hidden>
        {props.error ? (
          <p class="govuk-error-message" id="credential">
            <span class="govuk-visually-hidden" safe>
              {ctx.t('forms:errorPrefix')}
            </span>{' '}
            <span safe>{props.error}</span>
          </p>
        ) : (
          ''
        )}
        <form
          method="post"
          action={props.action}
          novalidate
          data-webauthn={props.ceremony}
          data-webauthn-options={props.optionsUrl}
          data-webauthn-failed={ctx.t('secondFactors:passkey.failed')}
        >
          <CsrfField ctx={ctx} />
          <input type="hidden" name="credential" value="" />
          {props.children}
          <p class="govuk-error-message" data-webauthn-error role="alert" hidden></p>
          <GovukButton text={props.buttonText} classes="govuk-button--secondary" />
        </form>
      </div>
      <p class="govuk-body" data-webauthn-unavailable safe>
        {props.unavailableText}
      </p>
      <script type="module" src={props.script}></script>
    </>
  );
}
