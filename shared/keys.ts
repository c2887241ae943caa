/** What describes an API key besides its tenant and scope: a label, checked like every free text. */
import { freeText } from './text.js';

/**
 * What a key is for: at most 100 characters, no control characters (it is printed in local mode's
 * start-up table and may reach logs).
 * @example keyLabel.parse(' MSP PSA integration ') // 'MSP PSA integration'
 */
export const keyLabel = freeText('The key label', 100);

/** How a key registered before keys had labels reads. */
export const UNLABELLED = '(unlabelled)';
