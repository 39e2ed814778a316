/** A page-objects module that exports page-object makers under its own names, not the factories PAGE_OBJECTS needs. */
export const makeChat = (): object => ({});
export const makeLogin = (): object => ({});
