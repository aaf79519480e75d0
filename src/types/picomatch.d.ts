// picomatch ships no types; this is the part of its API store-ops uses (it comes with tinyglobby).
declare module 'picomatch' {
  interface PicomatchOptions {
    dot?: boolean;
  }
  interface Picomatch {
    (pattern: string | string[], options?: PicomatchOptions): (candidate: string) => boolean;
  }
  const picomatch: Picomatch;
  export default picomatch;
}
