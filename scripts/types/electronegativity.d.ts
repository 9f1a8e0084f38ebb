/** @doyensec/electronegativity ships no types; its result is parsed with zod where it is used. */
declare module '@doyensec/electronegativity' {
  const run: unknown;
  export default run;
}
