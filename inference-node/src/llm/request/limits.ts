/** Protocol bounds on request fields (docs/protocol.md §12.3). */
export const MAX_TOP_K = 1024;
export const MAX_TEMPERATURE = 4;
export const MAX_STOP_STRINGS = 8;
export const MAX_STOP_STRING_LENGTH = 64;
