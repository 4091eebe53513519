/** funai-inference's version (the package's). */
export const INFERENCE_VERSION = '0.1.0';
