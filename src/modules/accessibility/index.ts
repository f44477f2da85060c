/** The public accessibility statement, written from the checks Plaza runs on every release. */
export {
  readAccessibilityResults,
  registerAccessibilityPages,
  type AccessibilityResults,
} from './accessibility.pages.js';
