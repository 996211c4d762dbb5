/** One file of the starter catalogue: a workspace-relative path (with `/`) and its text. */
export interface StarterFile {
  path: string;
  text: string;
}

/** The starter's folder, relative to the workspace folder. */
export const STARTER_ROOT = 'service-management';

/** The file the Create Starter Catalogue command opens when it is done. */
export const STARTER_MAIN_FILE = `${STARTER_ROOT}/services/payments-api.yaml`;

/**
 * A first catalogue: one team, two services (a live tier 1 service and a beta
 * one that depends on it) and a standard change, all valid records (no
 * finding on `today`). `today` is `YYYY-MM-DD`: the template is approved on
 * that day and due for review a year later.
 */
export function starterCatalogue(today: string): StarterFile[] {
  const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`.replace(/-02-29$/, '-02-28');
  return [
    {
      path: `${STARTER_ROOT}/teams.yaml`,
      text: lines(
        '# The teams that own services. Add one document per team, separated by ---.',
        'apiVersion: svcm/v1',
        'kind: Team',
        'metadata:',
        '  name: platform',
        '  title: Platform team',
        'spec:',
        '  email: platform@example.com',
        '  chat: "#platform"',
        '  onCall: platform-primary',
      ),
    },
    {
      path: STARTER_MAIN_FILE,
      text: lines(
        '# A service in the catalogue. `code` links files to the service: the status bar',
        '# shows the service (and its open changes) while you edit them.',
        'apiVersion: svcm/v1',
        'kind: Service',
        'metadata:',
        '  name: payments-api',
        '  title: Payments API',
        '  description: Takes card payments for the web shop.',
        'spec:',
        '  owner: platform',
        '  serviceManager: Alex Example',
        '  phase: live',
        '  type: technical',
        '  tier: 1',
        '  serviceLevel:',
        '    availability: 99.9',
        '    supportHours: 24x7',
        '    responseTimes: { p1: 15m, p2: 1h }',
        '  continuity:',
        '    rto: 4h',
        '    rpo: 15m',
        '  code:',
        '    - src/payments/**',
      ),
    },
    {
      path: `${STARTER_ROOT}/services/checkout-web.yaml`,
      text: lines(
        'apiVersion: svcm/v1',
        'kind: Service',
        'metadata:',
        '  name: checkout-web',
        '  title: Checkout',
        '  description: The pages where customers pay for their basket.',
        'spec:',
        '  owner: platform',
        '  phase: beta',
        '  type: business',
        '  tier: 2',
        '  dependsOn: [payments-api]',
        '  code:',
        '    - src/checkout/**',
      ),
    },
    {
      path: `${STARTER_ROOT}/standard-changes/rotate-tls-certificates.yaml`,
      text: lines(
        '# A standard change: pre-approved, low risk, done often. Changes of type',
        '# `standard` name it as their `template` and need no further approval.',
        'apiVersion: svcm/v1',
        'kind: StandardChange',
        'metadata:',
        '  name: rotate-tls-certificates',
        '  title: Rotate TLS certificates',
        'spec:',
        '  services: [payments-api, checkout-web]',
        '  maxRisk: low',
        '  approvedBy: Change advisory board',
        `  approvedOn: ${today}`,
        `  reviewBy: ${nextYear}`,
        '  steps:',
        '    - Request a certificate for exactly the domains of the current one.',
        '    - Deploy it and check the served certificate and its expiry date.',
        '  backoutPlan: Deploy the previous certificate again; it stays valid until it expires.',
      ),
    },
  ];
}

function lines(...rows: string[]): string {
  return rows.join('\n') + '\n';
}
