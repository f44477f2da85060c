// Enhancements only: every page works without this script. The import path is rewritten at build time to
// the content-hashed govuk-frontend file.
import { initAll } from './govuk-frontend.min.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();
