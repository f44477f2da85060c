import type { PageContext } from './page-context.js';

/** The hidden field every form that changes something must carry. */
export function CsrfField({ ctx }: { ctx: PageContext }): JSX.Element {
  return <input type="hidden" name="_csrf" value={ctx.csrfToken()} />;
}
