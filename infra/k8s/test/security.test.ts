import { securityProblems } from './rules/security';
import { containerOf, copyOf, podOf } from './support/edit';
import { loadOverlays } from './support/load';
import { OVERLAYS } from './support/render';

const overlays = loadOverlays();
// The broken copies start from dev; each rule's message is the same on either overlay.
const manifests = overlays.dev;

describe('rule: security context', () => {
  test.each(OVERLAYS)(
    'When the %s overlay is rendered, then every container runs non-root, unprivileged and read-only',
    (overlay) => {
      expect(securityProblems(overlays[overlay])).toEqual([]);
    },
  );

  test('When a container asks for user 0, then the rule reports it runs as root', () => {
    const broken = copyOf(manifests);
    containerOf(broken, 'Deployment', 'payments').securityContext!.runAsUser = 0;

    expect(securityProblems(broken)).toEqual(['Deployment/payments container server: runs as root (runAsUser 0)']);
  });

  test('When a pod loses its securityContext, then the rule reports the missing non-root settings', () => {
    const broken = copyOf(manifests);
    delete podOf(broken, 'Deployment', 'auth').securityContext;

    expect(securityProblems(broken)).toEqual([
      'Deployment/auth container server: runAsNonRoot is not true',
      "Deployment/auth container server: no runAsUser (the image's USER would decide)",
    ]);
  });

  test('When a container may write its root filesystem or keep capabilities, then the rule reports both', () => {
    const broken = copyOf(manifests);
    const context = containerOf(broken, 'Deployment', 'client').securityContext!;
    context.readOnlyRootFilesystem = false;
    context.capabilities = { add: ['NET_ADMIN'] };

    expect(securityProblems(broken)).toEqual([
      'Deployment/client container server: capabilities do not drop ALL',
      'Deployment/client container server: adds capabilities',
      'Deployment/client container server: readOnlyRootFilesystem is not true',
    ]);
  });
});
