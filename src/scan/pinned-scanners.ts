/**
 * Pinned scanner releases. Only an archive whose sha256 is listed here is ever unpacked and run.
 * To upgrade: take the release's checksums file, verify its signature (cosign), then replace the
 * version, the file names and the sha256 values together, in one reviewed commit.
 */
export interface PinnedAsset {
  file: string;
  sha256: string;
}

export interface PinnedScanner {
  version: string;
  /** Download URL template: {version} and {file} are replaced. */
  url: string;
  /** The executable inside the archive. */
  binary: string;
  /** Keyed by `<platform>-<arch>` as Node names them (linux-x64, linux-arm64). */
  assets: Record<string, PinnedAsset>;
}

export const PINNED_SCANNERS: Record<'trivy' | 'grype', PinnedScanner> = {
  trivy: {
    version: '0.69.3',
    url: 'https://github.com/aquasecurity/trivy/releases/download/v{version}/{file}',
    binary: 'trivy',
    assets: {
      'linux-x64': {
        file: 'trivy_0.69.3_Linux-64bit.tar.gz',
        sha256: '1816b632dfe529869c740c0913e36bd1629cb7688bd5634f4a858c1d57c88b75',
      },
      'linux-arm64': {
        file: 'trivy_0.69.3_Linux-ARM64.tar.gz',
        sha256: '7e3924a974e912e57b4a99f65ece7931f8079584dae12eb7845024f97087bdfd',
      },
    },
  },
  grype: {
    version: '0.110.0',
    url: 'https://github.com/anchore/grype/releases/download/v{version}/{file}',
    binary: 'grype',
    assets: {
      'linux-x64': {
        file: 'grype_0.110.0_linux_amd64.tar.gz',
        sha256: 'aaa98d27d2d7efd9317c6a1ad6d9b15f3e65bab320e7d03bde41e251387bb71c',
      },
      'linux-arm64': {
        file: 'grype_0.110.0_linux_arm64.tar.gz',
        sha256: '804041ee69f119022e3e866741a558eae6f2df372a5dc1a5376d456d16f8c931',
      },
    },
  },
};
