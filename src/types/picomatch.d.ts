// picomatch ships no types; this is the part of its API store-ops uses (it comes with tinyglobby).
declare module 'picomatch' {
  interface PicomatchOptions {
    dot?: boolean;
  }
  interface ScanResult {
    base: string;
    glob: string;
    isGlob: boolean;
  }
  interface Picomatch {
    (pattern: string | string[], options?: PicomatchOptions): (candidate: string) => boolean;
    scan(pattern: string): ScanResult;
  }
  const picomatch: Picomatch;
  export default picomatch;
}
