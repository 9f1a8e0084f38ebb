import { z } from 'zod';

/**
 * Imported first by the renderer: zod compiles object parsers with `new Function` when it can and
 * probes for that on the first parse. Under the windows' CSP (script-src 'self', no unsafe-eval)
 * the probe is a reported violation; jitless parsing never tries, at a cost the windows do not feel.
 */
z.config({ jitless: true });
