/**
 * The ITIL glossary, written for svcm in plain words (not quoted from ITIL).
 *
 * Coverage (README, "In the editor"): the five lifecycle stages; the 26 processes and four
 * functions named in the seed (shared/seed/service-management.txt), under the
 * seed's own names; and the words svcm records use, each mapped to the field or
 * value it concerns.
 *
 * The seed lists 25 processes: its "Continual Service Improvement" list is
 * empty. The 26th, `Seven-step improvement process`, comes from ITIL v3 (2011),
 * not from the seed. Two seed names differ from ITIL 2011's: the seed's
 * "IT service management" is ITIL's "Strategy management for IT services" and
 * its "Identity management" is ITIL's "Access management"; the ITIL names are
 * aliases of those entries. The seed's function "Service operations" is the
 * function ITIL calls the service desk. `Service measurement` and
 * `Service reporting` (CSI processes in ITIL v3 2007, folded into the seven-step
 * process in 2011) are also from outside the seed; they are kept as terms, not
 * processes, so that the process count stays at 26.
 *
 * Aliases are matched case-insensitively, with spaces and hyphens between words
 * treated alike (`known-error` matches `known error`), so an alias that differs
 * from another only in case or separators is not listed. No key (term or alias)
 * belongs to two entries.
 */

/** The five ITIL service lifecycle stages. */
export type LifecycleStage =
  'Service Strategy' | 'Service Design' | 'Service Transition' | 'Service Operation' | 'Continual Service Improvement';

/** One glossary entry: plain data, shown on hover. */
export interface GlossaryEntry {
  /** slug, unique, e.g. `standard-change` */
  id: string;
  /** the display name, e.g. `Standard change` */
  term: string;
  /** other spellings and forms that match in text, e.g. `standard changes`, `pre-approved change` */
  aliases: string[];
  group: 'stage' | 'process' | 'function' | 'term';
  stage?: LifecycleStage;
  /** one or two short sentences */
  definition: string;
  /** why a developer should care, in one or two sentences */
  whyItMatters: string;
  /** the svcm field or value it maps to, e.g. `Change spec.type: standard` */
  field?: string;
}

const STAGES: GlossaryEntry[] = [
  {
    id: 'service-strategy',
    term: 'Service Strategy',
    aliases: ['strategy stage'],
    group: 'stage',
    stage: 'Service Strategy',
    definition:
      'The lifecycle stage that decides which services to offer, to whom, and how each one creates value and is paid for.',
    whyItMatters:
      'It is where a service earns its reason to exist; the type and tier you record for a service come from these decisions.',
    field: 'Service spec.type, spec.tier',
  },
  {
    id: 'service-design',
    term: 'Service Design',
    aliases: ['design stage'],
    group: 'stage',
    stage: 'Service Design',
    definition:
      'The lifecycle stage that shapes a new or changed service so it can be run well: its service levels, capacity, availability, security, continuity and suppliers.',
    whyItMatters:
      'Operability is designed in, not bolted on: the targets you set here are what on-call will be held to.',
    field: 'Service spec.serviceLevel, spec.continuity, spec.suppliers',
  },
  {
    id: 'service-transition',
    term: 'Service Transition',
    aliases: ['transition stage'],
    group: 'stage',
    stage: 'Service Transition',
    definition:
      'The lifecycle stage that moves new and changed services into use safely: changes, releases, deployments, testing and the knowledge handed to operations.',
    whyItMatters:
      'Every merge that reaches production is a transition; doing it well is the difference between frequent releases and frequent incidents.',
    field: 'Change, Release and StandardChange records',
  },
  {
    id: 'service-operation',
    term: 'Service Operation',
    aliases: ['operation stage'],
    group: 'stage',
    stage: 'Service Operation',
    definition:
      'The lifecycle stage of running the live service day to day: handling events, incidents, requests, problems and access.',
    whyItMatters:
      'This is where users feel the service; the runbooks and known errors you write are used here, often at night.',
    field: 'Knowledge records (runbooks, known errors); Service spec.serviceLevel',
  },
  {
    id: 'continual-service-improvement',
    term: 'Continual Service Improvement',
    aliases: ['CSI', 'continuous service improvement', 'continual improvement', 'continuous improvement'],
    group: 'stage',
    stage: 'Continual Service Improvement',
    definition:
      'The lifecycle stage that runs alongside all the others: measure the service, learn from what happened, and make it better in small steps.',
    whyItMatters: 'A live service is never finished; reviews after changes and incidents feed the next iteration.',
    field: 'Change spec.review; Knowledge type post-incident-review; reviewBy dates',
  },
];

const PROCESSES: GlossaryEntry[] = [
  // Service Strategy
  {
    id: 'it-service-management',
    term: 'IT service management',
    aliases: ['ITSM', 'strategy management for IT services', 'strategy management'],
    group: 'process',
    stage: 'Service Strategy',
    definition:
      'Setting and keeping up the plan for what IT services the organisation provides and why. ITIL 2011 calls this process strategy management for IT services; the same words also name the whole discipline of running IT as services.',
    whyItMatters: 'It tells a team which services matter most, which is what tiers and priorities are built on.',
  },
  {
    id: 'service-portfolio-management',
    term: 'Service portfolio management',
    aliases: ['portfolio management', 'service portfolio'],
    group: 'process',
    stage: 'Service Strategy',
    definition:
      'Keeping track of every service across its whole life, from idea through live use to retirement, and deciding where to invest.',
    whyItMatters: 'The phase you give a service (discovery to retired) is its place in the portfolio.',
    field: 'Service spec.phase',
  },
  {
    id: 'financial-management-for-it-services',
    term: 'Financial management for IT services',
    aliases: ['financial management', 'IT financial management'],
    group: 'process',
    stage: 'Service Strategy',
    definition: 'Budgeting for, accounting for and, where used, charging for IT services, so their cost is known.',
    whyItMatters:
      "Hosting, licences and on-call time all cost money; knowing a service's cost helps decide what to improve or retire.",
  },
  {
    id: 'demand-management',
    term: 'Demand management',
    aliases: [],
    group: 'process',
    stage: 'Service Strategy',
    definition: 'Understanding and influencing how much, and when, people will use a service, so supply can meet it.',
    whyItMatters: 'Traffic patterns drive scaling, change windows and capacity plans.',
  },
  {
    id: 'business-relationship-management',
    term: 'Business relationship management',
    aliases: ['BRM', 'business relationship manager'],
    group: 'process',
    stage: 'Service Strategy',
    definition:
      'Keeping a working relationship with the people the services are for, to understand their needs and check those needs are met.',
    whyItMatters: 'User needs change; someone has to hear about it before it turns into complaints or incidents.',
  },
  // Service Design
  {
    id: 'design-coordination',
    term: 'Design coordination',
    aliases: [],
    group: 'process',
    stage: 'Service Design',
    definition:
      'Making sure all the design work for a new or changed service fits together and is ready before it is built and handed over.',
    whyItMatters: 'Service levels, security and continuity are easier to design together than to retrofit one by one.',
  },
  {
    id: 'service-catalogue-management',
    term: 'Service Catalogue management',
    aliases: ['service catalog management'],
    group: 'process',
    stage: 'Service Design',
    definition:
      'Keeping one accurate, current list of the services that are live or about to be, with what each one does and who owns it.',
    whyItMatters:
      'In svcm the catalogue is the Service records in your repository, reviewed like code and validated on every keystroke.',
    field: 'Service records',
  },
  {
    id: 'service-level-management',
    term: 'Service level management',
    aliases: ['SLM'],
    group: 'process',
    stage: 'Service Design',
    definition:
      'Agreeing measurable targets for a service with the people who rely on it, then checking and reporting whether they are met.',
    whyItMatters: 'Targets you can measure turn "is it good enough?" into a question with an answer.',
    field: 'Service spec.serviceLevel',
  },
  {
    id: 'availability-management',
    term: 'Availability management',
    aliases: [],
    group: 'process',
    stage: 'Service Design',
    definition:
      'Making sure a service is usable when it is meant to be, at the level agreed, and planning how to get there.',
    whyItMatters: 'Redundancy, health checks and graceful degradation are availability decisions made in code.',
    field: 'Service spec.serviceLevel.availability',
  },
  {
    id: 'capacity-management',
    term: 'Capacity Management',
    aliases: ['capacity planning'],
    group: 'process',
    stage: 'Service Design',
    definition:
      'Making sure a service has enough resources, such as compute, storage and people, to meet current and expected demand at a sensible cost.',
    whyItMatters: 'Running out of capacity looks like an outage to users; planning ahead is cheaper than firefighting.',
  },
  {
    id: 'it-service-continuity-management',
    term: 'IT service continuity management',
    aliases: ['ITSCM', 'service continuity management'],
    group: 'process',
    stage: 'Service Design',
    definition:
      'Planning how a service recovers from a disaster, such as losing a data centre or a database, within agreed times.',
    whyItMatters: 'Backups that were never restored and failovers never tried are hopes, not plans.',
    field: 'Service spec.continuity',
  },
  {
    id: 'information-security-management-system',
    term: 'Information security management system',
    aliases: ['ISMS', 'information security management', 'security management'],
    group: 'process',
    stage: 'Service Design',
    definition:
      "The policies and controls that keep a service's information confidential, correct and available, and the way they are kept up to date.",
    whyItMatters: 'Secrets handling, access rules and patching are security controls that live in the code base.',
  },
  {
    id: 'supplier-management',
    term: 'Supplier management',
    aliases: ['vendor management'],
    group: 'process',
    stage: 'Service Design',
    definition:
      'Choosing and managing the outside companies a service depends on, and making sure their contracts support what the service promises.',
    whyItMatters:
      'A cloud provider or SaaS outage is your outage; you need to know who to call and what they promised.',
    field: 'Service spec.suppliers',
  },
  // Service Transition
  {
    id: 'transition-planning-and-support',
    term: 'Transition planning and support',
    aliases: [],
    group: 'process',
    stage: 'Service Transition',
    definition:
      'Planning and coordinating the people and resources needed to move larger changes and releases into use.',
    whyItMatters:
      'Big launches need more than a deploy: training, support readiness and communication have to line up.',
  },
  {
    id: 'change-management',
    term: 'Change management',
    aliases: ['change control', 'change enablement'],
    group: 'process',
    stage: 'Service Transition',
    definition:
      'Controlling changes to live services so that benefits are gained and the risk of breaking things is understood and kept low.',
    whyItMatters:
      'A change record says what changes, why, how risky it is and how to undo it; svcm writes most of it from your git changes.',
    field: 'Change records',
  },
  {
    id: 'service-asset-and-configuration-management',
    term: 'Service asset and configuration management',
    aliases: ['SACM', 'configuration management', 'asset management'],
    group: 'process',
    stage: 'Service Transition',
    definition:
      'Keeping reliable information about the parts that make up services, their versions and how they depend on each other.',
    whyItMatters: 'You cannot judge the impact of a change without knowing what depends on what.',
    field: 'Service spec.code, spec.dependsOn',
  },
  {
    id: 'release-and-deployment-management',
    term: 'Release and deployment management',
    aliases: ['release management', 'deployment management'],
    group: 'process',
    stage: 'Service Transition',
    definition:
      'Planning, building, testing and shipping releases into live use, and backing them out if they go wrong.',
    whyItMatters: 'Automated pipelines are this process in code: they make releasing routine instead of risky.',
    field: 'Release records',
  },
  {
    id: 'service-validation-and-testing',
    term: 'Service validation and testing',
    aliases: [],
    group: 'process',
    stage: 'Service Transition',
    definition:
      'Checking that a new or changed service does what its users need and meets its targets before it goes live.',
    whyItMatters: 'Tests in CI are evidence for the change; the test plan says what was checked.',
    field: 'Change spec.testPlan',
  },
  {
    id: 'change-evaluation',
    term: 'Change evaluation',
    aliases: [],
    group: 'process',
    stage: 'Service Transition',
    definition:
      'A formal look at a significant change, before and after it is made, comparing what it did with what was intended.',
    whyItMatters:
      'Checking the outcome, not just that the deploy succeeded, is how teams learn which changes are really safe.',
    field: 'Change spec.review',
  },
  {
    id: 'knowledge-management',
    term: 'Knowledge management',
    aliases: [],
    group: 'process',
    stage: 'Service Transition',
    definition:
      'Collecting and sharing what people know about a service so that others can find it and use it when they need it.',
    whyItMatters: 'Knowledge kept beside the code is reviewed with it and found by the people editing it.',
    field: 'Knowledge records',
  },
  // Service Operation
  {
    id: 'event-management',
    term: 'Event management',
    aliases: ['monitoring and event management'],
    group: 'process',
    stage: 'Service Operation',
    definition:
      'Watching for meaningful changes of state in a service, such as alerts, thresholds or failures, and deciding what to do about each.',
    whyItMatters: 'Good alerts fire on what users feel and link to a runbook; noisy alerts get ignored.',
  },
  {
    id: 'incident-management',
    term: 'Incident management',
    aliases: [],
    group: 'process',
    stage: 'Service Operation',
    definition:
      'Getting a service back to normal as fast as possible after something has gone wrong, keeping the impact on users low.',
    whyItMatters: 'During an incident, restoring service comes first and finding the root cause comes later.',
    field: 'Service spec.serviceLevel.responseTimes',
  },
  {
    id: 'request-fulfillment',
    term: 'Request fulfillment',
    aliases: ['request fulfilment', 'service request', 'service requests'],
    group: 'process',
    stage: 'Service Operation',
    definition:
      'Handling routine requests from users, such as access, information or a standard small change, which are not faults.',
    whyItMatters: 'Requests that keep coming back are candidates for self-service or automation.',
  },
  {
    id: 'problem-management',
    term: 'Problem management',
    aliases: [],
    group: 'process',
    stage: 'Service Operation',
    definition:
      'Finding and removing the underlying causes of incidents, and recording known errors and workarounds until a fix is in place.',
    whyItMatters: 'Fixing the cause stops the same page waking someone up every week.',
    field: 'Knowledge spec.type: known-error',
  },
  {
    id: 'identity-management',
    term: 'Identity management',
    aliases: ['access management', 'identity and access management', 'IAM'],
    group: 'process',
    stage: 'Service Operation',
    definition:
      'Giving the right people the right access to a service and taking it away when they should no longer have it. ITIL 2011 calls this process access management.',
    whyItMatters: 'Who can deploy, read production data or change a service is part of its security.',
  },
  // Continual Service Improvement: not in the seed, whose list for this stage is empty.
  {
    id: 'seven-step-improvement-process',
    term: 'Seven-step improvement process',
    aliases: ['seven-step improvement', '7-step improvement process', '7-step improvement'],
    group: 'process',
    stage: 'Continual Service Improvement',
    definition:
      'A repeating loop for improving a service: decide what to measure and why, gather and process the data, analyse it, present it, and act on it.',
    whyItMatters: 'It turns dashboards and review notes into actual improvements rather than reports no one reads.',
    field: 'Change spec.review',
  },
];

const FUNCTIONS: GlossaryEntry[] = [
  {
    id: 'service-operations',
    term: 'Service operations',
    aliases: ['service desk', 'help desk', 'helpdesk'],
    group: 'function',
    stage: 'Service Operation',
    definition:
      'The team that is the single point of contact for users of a service: it takes reports and requests, restores service where it can and passes the rest on. ITIL calls this function the service desk.',
    whyItMatters:
      'They are the first to hear about trouble; clear runbooks and known errors let them help users without paging developers.',
  },
  {
    id: 'technical-management',
    term: 'Technical management',
    aliases: [],
    group: 'function',
    stage: 'Service Operation',
    definition:
      'The people with the deep technical skills, such as infrastructure, networks and platforms, who design, support and improve the technology services run on.',
    whyItMatters: 'They own the technical services your business services depend on.',
  },
  {
    id: 'application-management',
    term: 'Application management',
    aliases: [],
    group: 'function',
    stage: 'Service Operation',
    definition:
      'The people who look after applications through their life: building or buying them, then supporting and improving them in use.',
    whyItMatters: 'In a team that builds and runs its own service, this is usually you.',
  },
  {
    id: 'operations-management',
    term: 'Operations management',
    aliases: ['IT operations management', 'IT operations'],
    group: 'function',
    stage: 'Service Operation',
    definition:
      'The day-to-day running and monitoring of IT infrastructure and applications: scheduled jobs, backups, routine maintenance.',
    whyItMatters: 'Much of this is now automation; someone still owns it and needs runbooks when it fails.',
  },
];

const TERMS: GlossaryEntry[] = [
  // Services and the catalogue
  {
    id: 'service',
    term: 'Service',
    aliases: ['services', 'IT service', 'IT services'],
    group: 'term',
    definition:
      'A way of delivering value to people by helping them achieve what they want, without them having to own the costs and risks of running it.',
    whyItMatters: 'In svcm a service is the unit that code, changes, releases and knowledge are attached to.',
    field: 'Service record (kind: Service); services lists on other records',
  },
  {
    id: 'service-catalogue',
    term: 'Service catalogue',
    aliases: ['service catalog', 'service catalogues', 'service catalogs'],
    group: 'term',
    stage: 'Service Design',
    definition: 'The list of services that are live or about to be, each with its owner, purpose and service levels.',
    whyItMatters:
      'The catalogue is how anyone finds who owns a piece of code and what it promises; here it is the Service records in the repository.',
    field: 'all Service records in the workspace',
  },
  {
    id: 'service-owner',
    term: 'Service owner',
    aliases: ['service owners', 'owning team'],
    group: 'term',
    definition: 'The team accountable for a service as a whole, from design to retirement.',
    whyItMatters:
      'Changes, incidents and questions about the service end up with the owner, so it must be a real team.',
    field: 'Service spec.owner',
  },
  {
    id: 'service-manager',
    term: 'Service manager',
    aliases: ['service managers'],
    group: 'term',
    definition:
      'The senior person with decision-making responsibility for how a service is run; as an approval role, a service manager signs off changes to their service.',
    whyItMatters: 'A live service needs someone who can decide, quickly, between risk and delivery.',
    field: 'Service spec.serviceManager; Change spec.approvals[].role: service-manager',
  },
  {
    id: 'service-type',
    term: 'Service type',
    aliases: ['type of service'],
    group: 'term',
    definition:
      'Whether a service is a business service, used directly by customers, or a technical service that supports other services.',
    whyItMatters: 'Users judge business services; technical services are judged by the services that depend on them.',
    field: 'Service spec.type (business | technical)',
  },
  {
    id: 'business-service',
    term: 'Business service',
    aliases: ['business services', 'customer-facing service', 'customer-facing services'],
    group: 'term',
    definition: 'A service that its users or customers use directly to get something done.',
    whyItMatters: 'Its service levels are the promises users see; outages here are the ones that make the news.',
    field: 'Service spec.type: business',
  },
  {
    id: 'technical-service',
    term: 'Technical service',
    aliases: [
      'technical services',
      'supporting service',
      'supporting services',
      'infrastructure service',
      'infrastructure services',
    ],
    group: 'term',
    definition:
      'A service that users do not see directly but that other services rely on, such as a database platform or an identity provider.',
    whyItMatters: 'A fault in a technical service spreads to every service that depends on it.',
    field: 'Service spec.type: technical',
  },
  {
    id: 'service-tier',
    term: 'Service tier',
    aliases: ['service tiers', 'tier', 'tiers', 'criticality', 'service criticality'],
    group: 'term',
    definition: 'How critical a service is, from tier 1 (most critical) to tier 4 (least).',
    whyItMatters:
      "The tier sets how careful changes must be and how fast incidents are answered; svcm suggests a change's risk from the highest tier it touches.",
    field: 'Service spec.tier (1 = most critical, 4 = least)',
  },
  {
    id: 'service-phase',
    term: 'Service phase',
    aliases: ['service phases', 'phase', 'phases'],
    group: 'term',
    definition: 'Where a service is in its life, using the GOV.UK phases: discovery, alpha, beta, live, retired.',
    whyItMatters:
      'Live services carry obligations, such as a service manager and service levels, that earlier phases do not.',
    field: 'Service spec.phase',
  },
  {
    id: 'discovery-phase',
    term: 'Discovery phase',
    aliases: ['discovery'],
    group: 'term',
    stage: 'Service Strategy',
    definition:
      'The first phase: learning what users need and whether a service is worth building, before building it.',
    whyItMatters: 'Nothing is in production yet, so records here are about intent, not promises.',
    field: 'Service spec.phase: discovery',
  },
  {
    id: 'alpha-phase',
    term: 'Alpha phase',
    aliases: ['alpha'],
    group: 'term',
    stage: 'Service Design',
    definition: "Trying out different ways to meet the users' needs with prototypes, to pick the one to build.",
    whyItMatters: 'Prototypes can be thrown away; do not let them quietly become production.',
    field: 'Service spec.phase: alpha',
  },
  {
    id: 'beta-phase',
    term: 'Beta phase',
    aliases: ['beta', 'private beta', 'public beta'],
    group: 'term',
    stage: 'Service Transition',
    definition:
      'Building the real service and letting real users use it, first a few, then anyone, while it is still being improved.',
    whyItMatters: 'Real users mean real incidents: change records, runbooks and on-call start to matter here.',
    field: 'Service spec.phase: beta',
  },
  {
    id: 'live-phase',
    term: 'Live phase',
    aliases: ['live', 'live service', 'live services'],
    group: 'term',
    stage: 'Service Operation',
    definition: 'The service is fully open to its users and is run and improved continuously.',
    whyItMatters: 'A live service must name a service manager, and at tier 1 or 2 should state its service levels.',
    field: 'Service spec.phase: live',
  },
  {
    id: 'retired-phase',
    term: 'Retired phase',
    aliases: ['retired', 'retirement', 'retired service', 'retired services', 'decommissioned'],
    group: 'term',
    stage: 'Service Transition',
    definition: 'The service has been switched off or replaced and is no longer offered.',
    whyItMatters:
      'Changes, releases and dependencies that still point at a retired service are a sign something was missed.',
    field: 'Service spec.phase: retired',
  },
  // Changes
  {
    id: 'change',
    term: 'Change',
    aliases: ['changes'],
    group: 'term',
    stage: 'Service Transition',
    definition:
      'Adding, modifying or removing anything that could affect a service, such as code, configuration, infrastructure or documentation.',
    whyItMatters: 'Most incidents follow a change; recording changes makes "what changed?" quick to answer.',
    field: 'Change records; Release spec.changes; Knowledge spec.changes',
  },
  {
    id: 'request-for-change',
    term: 'Request for change',
    aliases: [
      'RFC',
      'RFCs',
      'requests for change',
      'change request',
      'change requests',
      'change record',
      'change records',
    ],
    group: 'term',
    stage: 'Service Transition',
    definition:
      'A formal proposal for a change, with enough detail (what, why, risk, plan) for it to be assessed and approved.',
    whyItMatters: 'In svcm each Change record is an RFC; Raise Change fills it in from your git changes.',
    field: 'Change record (kind: Change)',
  },
  {
    id: 'change-type',
    term: 'Change type',
    aliases: ['change types', 'type of change'],
    group: 'term',
    stage: 'Service Transition',
    definition: 'The kind of change, standard, normal or emergency, which decides how it is assessed and approved.',
    whyItMatters: 'The type decides which plans and approvals svcm requires before the change may go ahead.',
    field: 'Change spec.type (standard | normal | emergency)',
  },
  {
    id: 'standard-change',
    term: 'Standard change',
    aliases: [
      'standard changes',
      'pre-approved change',
      'pre-approved changes',
      'preapproved change',
      'preapproved changes',
    ],
    group: 'term',
    stage: 'Service Transition',
    definition:
      'A low-risk change that is done often, in a known way, and so is approved once in advance rather than every time.',
    whyItMatters:
      'Routine work such as certificate rotation or scaling should not wait for a meeting; it must follow its template and stay within its risk.',
    field: 'Change spec.type: standard (with spec.template)',
  },
  {
    id: 'normal-change',
    term: 'Normal change',
    aliases: ['normal changes'],
    group: 'term',
    stage: 'Service Transition',
    definition:
      'A change that is neither pre-approved nor urgent, so it is assessed and approved on its own before it is made.',
    whyItMatters:
      'It needs an implementation plan, a backout plan, a test plan and an approval; a CAB approval when the risk is high.',
    field: 'Change spec.type: normal',
  },
  {
    id: 'emergency-change',
    term: 'Emergency change',
    aliases: ['emergency changes', 'urgent change', 'hotfix', 'hotfixes'],
    group: 'term',
    stage: 'Service Transition',
    definition:
      'A change that must be made as soon as possible, usually to fix or prevent a serious incident, with a faster approval path.',
    whyItMatters:
      'Speed does not remove the need for a backout plan; an ECAB approval and a review afterwards are still expected.',
    field: 'Change spec.type: emergency',
  },
  {
    id: 'change-model',
    term: 'Change model',
    aliases: [
      'change models',
      'standard change template',
      'standard change templates',
      'change template',
      'change templates',
    ],
    group: 'term',
    stage: 'Service Transition',
    definition:
      'A predefined, agreed way of making a particular kind of change: its steps, its limits and how to undo it. A standard change follows one.',
    whyItMatters:
      'A good template turns a risky manual task into a repeatable one that needs no fresh approval each time.',
    field: 'StandardChange record; Change spec.template',
  },
  {
    id: 'change-status',
    term: 'Change status',
    aliases: ['change statuses'],
    group: 'term',
    stage: 'Service Transition',
    definition:
      'Where a change is in its life: draft, submitted for approval, approved, scheduled into a window, implemented and finally closed; or rejected, or failed.',
    whyItMatters:
      'A change counts as open until it is closed, rejected or failed, and each later status needs its approval and window.',
    field: 'Change spec.status',
  },
  {
    id: 'change-approval',
    term: 'Change approval',
    aliases: ['change approvals', 'approval', 'approvals', 'change authority'],
    group: 'term',
    stage: 'Service Transition',
    definition:
      'A recorded decision by someone with the authority to allow or refuse a change: who decided, in what role, what and when.',
    whyItMatters:
      'A normal change needs an approval before it moves on; high-risk changes need the CAB, emergencies the ECAB.',
    field: 'Change spec.approvals; StandardChange spec.approvedBy, spec.approvedOn',
  },
  {
    id: 'peer-approval',
    term: 'Peer approval',
    aliases: ['peer approvals', 'peer review', 'peer reviews'],
    group: 'term',
    stage: 'Service Transition',
    definition:
      'Approval of a change by another engineer who knows the service, often the reviewer of its pull request.',
    whyItMatters:
      'For low and medium risk normal changes, a reviewed pull request can be the approval, without a meeting.',
    field: 'Change spec.approvals[].role: peer',
  },
  {
    id: 'change-advisory-board',
    term: 'Change advisory board',
    aliases: ['CAB', 'CABs', 'change advisory boards', 'change approval board', 'change approval boards'],
    group: 'term',
    stage: 'Service Transition',
    definition: 'A group of people who review significant changes and advise whether they should go ahead and when.',
    whyItMatters:
      'svcm requires a CAB approval for high-risk normal changes; lower risk can be approved by a peer or the service manager.',
    field: 'Change spec.approvals[].role: cab',
  },
  {
    id: 'emergency-change-advisory-board',
    term: 'Emergency change advisory board',
    aliases: ['ECAB', 'ECABs', 'emergency CAB', 'emergency change advisory boards'],
    group: 'term',
    stage: 'Service Transition',
    definition: 'A small group that can be gathered quickly to decide on an emergency change.',
    whyItMatters: 'An emergency change approved or later needs an approved ECAB decision on record.',
    field: 'Change spec.approvals[].role: ecab',
  },
  {
    id: 'change-window',
    term: 'Change window',
    aliases: ['change windows', 'maintenance window', 'maintenance windows', 'implementation window'],
    group: 'term',
    stage: 'Service Transition',
    definition: 'The agreed period in which a change will be made, chosen to limit the effect on users.',
    whyItMatters: 'A scheduled change needs a window, and two changes to the same service should not overlap.',
    field: 'Change spec.window (start, end)',
  },
  {
    id: 'risk',
    term: 'Risk',
    aliases: ['risks', 'change risk', 'risk level'],
    group: 'term',
    stage: 'Service Transition',
    definition: 'How likely a change is to go wrong, weighed with how bad it would be if it did.',
    whyItMatters: "Risk decides the approval needed; a standard change may not exceed its template's maximum risk.",
    field: 'Change spec.risk; StandardChange spec.maxRisk',
  },
  {
    id: 'impact',
    term: 'Impact',
    aliases: ['business impact'],
    group: 'term',
    stage: 'Service Transition',
    definition:
      'How much a change, or an incident, affects users and the business: how many people, how badly, for how long.',
    whyItMatters: 'A small code change can have a large impact when many services depend on the one it touches.',
    field: 'Change spec.impact',
  },
  {
    id: 'implementation-plan',
    term: 'Implementation plan',
    aliases: ['implementation plans', 'implementation steps'],
    group: 'term',
    stage: 'Service Transition',
    definition: 'The steps for making a change, in order, written so that someone else could follow them.',
    whyItMatters: 'Writing the steps down before you start catches the ones you would otherwise forget in the moment.',
    field: 'Change spec.implementationPlan; StandardChange spec.steps',
  },
  {
    id: 'backout-plan',
    term: 'Backout plan',
    aliases: [
      'backout plans',
      'back-out plan',
      'back-out plans',
      'rollback plan',
      'rollback plans',
      'remediation plan',
      'remediation plans',
    ],
    group: 'term',
    stage: 'Service Transition',
    definition: 'How to undo a change and return the service to its previous working state if the change fails.',
    whyItMatters:
      'Decide how to get back before you go: data migrations and config changes are often harder to undo than a deploy.',
    field: 'Change spec.backoutPlan; StandardChange spec.backoutPlan',
  },
  {
    id: 'test-plan',
    term: 'Test plan',
    aliases: ['test plans', 'testing plan'],
    group: 'term',
    stage: 'Service Transition',
    definition:
      'How a change will be checked, before and after it is made, to show that it works and broke nothing else.',
    whyItMatters:
      'Naming the checks, such as CI suites, smoke tests or dashboards to watch, makes "it works" verifiable.',
    field: 'Change spec.testPlan',
  },
  {
    id: 'post-implementation-review',
    term: 'Post-implementation review',
    aliases: ['PIR', 'PIRs', 'post-implementation reviews', 'change review'],
    group: 'term',
    stage: 'Continual Service Improvement',
    definition: 'A look back after a change is made: did it achieve what was intended, and what went well or badly.',
    whyItMatters: 'Emergency changes skipped the usual checks, so svcm expects a review once they are implemented.',
    field: 'Change spec.review (outcome, notes, at)',
  },
  // Releases
  {
    id: 'release',
    term: 'Release',
    aliases: ['releases', 'release unit'],
    group: 'term',
    stage: 'Service Transition',
    definition: 'A set of changes that are built, tested and put into use together as one version.',
    whyItMatters: 'Grouping changes into a release tells you what went out together, and what to roll back together.',
    field: 'Release record (kind: Release); Change spec.release',
  },
  {
    id: 'release-status',
    term: 'Release status',
    aliases: ['release statuses'],
    group: 'term',
    stage: 'Service Transition',
    definition: 'Where a release is: planned, in progress, deployed, rolled back or cancelled.',
    whyItMatters: 'A deployed release must say when it was deployed, so incidents can be matched to what changed.',
    field: 'Release spec.status',
  },
  {
    id: 'deployment',
    term: 'Deployment',
    aliases: ['deployments', 'deploy', 'deploys', 'deployed'],
    group: 'term',
    stage: 'Service Transition',
    definition: 'Putting a release into an environment, most importantly production, so that it runs.',
    whyItMatters: 'A deploy is the moment a change becomes real; automate it and record when it happened.',
    field: 'Release spec.status: deployed, spec.deployedAt',
  },
  {
    id: 'rollback',
    term: 'Rollback',
    aliases: ['rollbacks', 'roll back', 'rolled back'],
    group: 'term',
    stage: 'Service Transition',
    definition: 'Returning a service to the previous release after a failed or harmful deployment.',
    whyItMatters: 'Being able to roll back fast is what makes frequent releases safe; practise it.',
    field: 'Release spec.status: rolled-back',
  },
  // Operations and knowledge
  {
    id: 'incident',
    term: 'Incident',
    aliases: ['incidents', 'outage', 'outages'],
    group: 'term',
    stage: 'Service Operation',
    definition:
      'An unplanned interruption to a service, or a drop in its quality, including a fault that has not affected users yet.',
    whyItMatters: 'The response time you promise is for incidents; restoring service comes before finding the cause.',
    field: 'Service spec.serviceLevel.responseTimes; Knowledge type post-incident-review',
  },
  {
    id: 'problem',
    term: 'Problem',
    aliases: ['problems', 'root cause'],
    group: 'term',
    stage: 'Service Operation',
    definition: 'The underlying cause of one or more incidents, often not known when the incidents happen.',
    whyItMatters: 'Incidents are fixed to restore service; problems are fixed so the incidents stop recurring.',
  },
  {
    id: 'known-error',
    term: 'Known error',
    aliases: ['known errors', 'KEDB', 'known error database'],
    group: 'term',
    stage: 'Service Operation',
    definition:
      'A problem whose cause has been found and written down, usually with a workaround, while a permanent fix is pending.',
    whyItMatters:
      'svcm shows known errors in the status bar while you edit the code they live in, so you learn about them before you trip over them.',
    field: 'Knowledge spec.type: known-error',
  },
  {
    id: 'workaround',
    term: 'Workaround',
    aliases: ['workarounds', 'work-around', 'work-arounds'],
    group: 'term',
    stage: 'Service Operation',
    definition: 'A way to reduce or avoid the effect of an incident or known error without fixing its cause.',
    whyItMatters: 'A known error without a workaround leaves whoever is on call to rediscover one under pressure.',
    field: 'Knowledge spec.workaround',
  },
  {
    id: 'runbook',
    term: 'Runbook',
    aliases: ['runbooks', 'run book', 'run books', 'playbook', 'playbooks'],
    group: 'term',
    stage: 'Service Operation',
    definition:
      'Step-by-step instructions for a routine or emergency operational task, such as restarting a component or failing over.',
    whyItMatters:
      'A runbook linked from an alert turns a 3 a.m. page into a checklist; keep it next to the code so it changes with it.',
    field: 'Knowledge spec.type: runbook; Service spec.links[].type: runbook',
  },
  {
    id: 'post-incident-review',
    term: 'Post-incident review',
    aliases: [
      'post-incident reviews',
      'incident review',
      'incident reviews',
      'postmortem',
      'postmortems',
      'post-mortem',
      'post-mortems',
    ],
    group: 'term',
    stage: 'Continual Service Improvement',
    definition:
      'A written, blame-free account of an incident: what happened, why, how it was handled and what will change.',
    whyItMatters: 'The actions it lists are where the next improvements and changes come from.',
    field: 'Knowledge spec.type: post-incident-review',
  },
  {
    id: 'knowledge-record',
    term: 'Knowledge record',
    aliases: [
      'knowledge records',
      'knowledge article',
      'knowledge articles',
      'knowledge base',
      'KB article',
      'KB articles',
    ],
    group: 'term',
    stage: 'Service Transition',
    definition:
      'A short, findable article about a service: a runbook, a known error, a how-to, a post-incident review or an FAQ.',
    whyItMatters:
      'Knowledge that lives in Markdown beside the code is reviewed with the code and kept current by the people who change it.',
    field: 'Knowledge record (kind: Knowledge); spec.type',
  },
  {
    id: 'review-date',
    term: 'Review date',
    aliases: ['review dates', 'review-by date', 'reviewBy'],
    group: 'term',
    stage: 'Continual Service Improvement',
    definition: 'The date by which a record should be checked again to confirm it is still correct.',
    whyItMatters: "Instructions go out of date quietly; a review date makes them come back to someone's attention.",
    field: 'Knowledge spec.reviewBy; StandardChange spec.reviewBy',
  },
  {
    id: 'stale-record',
    term: 'Stale record',
    aliases: ['stale records', 'stale'],
    group: 'term',
    stage: 'Continual Service Improvement',
    definition: 'A knowledge record or change template whose review date has passed without it being reviewed.',
    whyItMatters:
      'A stale runbook can be worse than none; svcm flags it (stale-record), and a standard change on an expired template is warned about.',
    field: 'Knowledge spec.reviewBy, StandardChange spec.reviewBy in the past',
  },
  // Service levels, suppliers and continuity
  {
    id: 'service-level-agreement',
    term: 'Service level agreement',
    aliases: ['SLA', 'SLAs', 'service level agreements', 'service level', 'service levels'],
    group: 'term',
    stage: 'Service Design',
    definition:
      'An agreement between a service and its customers on what to expect: availability, support hours, response times.',
    whyItMatters:
      'The SLA is the promise your code and on-call rota have to keep; it is expected for live tier 1 and 2 services.',
    field: 'Service spec.serviceLevel',
  },
  {
    id: 'operational-level-agreement',
    term: 'Operational level agreement',
    aliases: ['OLA', 'OLAs', 'operational level agreements'],
    group: 'term',
    stage: 'Service Design',
    definition:
      'An agreement between teams inside the same organisation about the support one gives the other, so that the customer-facing SLA can be met.',
    whyItMatters: 'Your SLA can be no better than what the internal services you depend on promise you.',
    field: 'Service spec.serviceLevel of a technical service that others depend on',
  },
  {
    id: 'underpinning-contract',
    term: 'Underpinning contract',
    aliases: ['underpinning contracts', 'supplier contract', 'supplier contracts'],
    group: 'term',
    stage: 'Service Design',
    definition:
      "A contract with an outside supplier for something a service relies on, which should support the service's own SLA.",
    whyItMatters: 'If the cloud provider promises less than you promise your users, the gap is your risk.',
    field: 'Service spec.suppliers[].contract',
  },
  {
    id: 'supplier',
    term: 'Supplier',
    aliases: ['suppliers', 'vendor', 'vendors', 'third-party supplier', 'third-party suppliers'],
    group: 'term',
    stage: 'Service Design',
    definition: 'An outside organisation that provides goods or services a service depends on.',
    whyItMatters: 'Record who they are and how to reach them before the incident that needs them.',
    field: 'Service spec.suppliers (name, contract, contact)',
  },
  {
    id: 'availability',
    term: 'Availability',
    aliases: ['availability target', 'uptime'],
    group: 'term',
    stage: 'Service Design',
    definition: 'The share of the agreed service time in which a service is actually usable, given as a percentage.',
    whyItMatters:
      '99.9% allows about 43 minutes of downtime a month; that budget is spent by incidents and risky changes alike.',
    field: 'Service spec.serviceLevel.availability (percent)',
  },
  {
    id: 'support-hours',
    term: 'Support hours',
    aliases: ['hours of support', 'service hours'],
    group: 'term',
    stage: 'Service Design',
    definition:
      'The hours in which the service is supported and its targets apply, for example 24x7 or weekdays 9 to 5.',
    whyItMatters:
      'Support hours decide whether someone is on call at night, and when changes can be made with help at hand.',
    field: 'Service spec.serviceLevel.supportHours',
  },
  {
    id: 'response-time',
    term: 'Response time',
    aliases: ['response times', 'target response time', 'target response times'],
    group: 'term',
    stage: 'Service Operation',
    definition: 'How quickly the support team promises to start working on an incident, set per priority.',
    whyItMatters: 'It decides how on-call is organised: a 15-minute P1 response needs someone awake and reachable.',
    field: 'Service spec.serviceLevel.responseTimes',
  },
  {
    id: 'priority',
    term: 'Priority',
    aliases: ['priorities', 'P1', 'P2', 'P3', 'P4', 'incident priority'],
    group: 'term',
    stage: 'Service Operation',
    definition:
      'How urgently an incident must be handled, from P1 (most urgent, widest impact) to P4 (least), judged from its impact and urgency.',
    whyItMatters:
      'Each priority has its own target response time; agreeing them in advance avoids arguing during an outage.',
    field: 'Service spec.serviceLevel.responseTimes (p1, p2, p3, p4)',
  },
  {
    id: 'service-continuity',
    term: 'Service continuity',
    aliases: ['continuity', 'business continuity', 'disaster recovery'],
    group: 'term',
    stage: 'Service Design',
    definition: 'The ability to keep a service going, or get it back within agreed limits, after a major disruption.',
    whyItMatters: 'Recovery targets only mean something if the backups and failover behind them are tested.',
    field: 'Service spec.continuity (rto, rpo)',
  },
  {
    id: 'recovery-time-objective',
    term: 'Recovery time objective',
    aliases: ['RTO', 'RTOs', 'recovery time objectives'],
    group: 'term',
    stage: 'Service Design',
    definition: 'The longest a service may be down after a disaster before it must be running again.',
    whyItMatters: 'An RTO of 4h means a restore you have actually timed, not one you hope is quick enough.',
    field: 'Service spec.continuity.rto',
  },
  {
    id: 'recovery-point-objective',
    term: 'Recovery point objective',
    aliases: ['RPO', 'RPOs', 'recovery point objectives'],
    group: 'term',
    stage: 'Service Design',
    definition: 'The most data, measured in time, a service may lose in a disaster: how old the last good copy may be.',
    whyItMatters: 'An RPO of 15m needs backups or replication at least that often, and checked.',
    field: 'Service spec.continuity.rpo',
  },
  // Dependencies and configuration
  {
    id: 'dependency',
    term: 'Dependency',
    aliases: ['dependencies', 'depends on', 'upstream service', 'upstream services'],
    group: 'term',
    stage: 'Service Design',
    definition: 'Another service this one needs in order to work.',
    whyItMatters: 'Dependencies tell you whose outage becomes yours, and whose change you should hear about.',
    field: 'Service spec.dependsOn',
  },
  {
    id: 'blast-radius',
    term: 'Blast radius',
    aliases: ['dependents', 'dependent service', 'dependent services', 'downstream service', 'downstream services'],
    group: 'term',
    stage: 'Service Transition',
    definition:
      'Everything a change or failure could affect: the services touched and all the services that depend on them, directly or indirectly.',
    whyItMatters: 'Raise Change shows it so you can judge risk and tell the right teams before you deploy.',
    field: 'the reverse of Service spec.dependsOn, transitively (svcm affected: dependents)',
  },
  {
    id: 'configuration-item',
    term: 'Configuration item',
    aliases: ['configuration items', 'CMDB', 'configuration management database'],
    group: 'term',
    stage: 'Service Transition',
    definition:
      'Any part of a service that is managed and changed under control, such as code, configuration, infrastructure or documentation, with its relationships recorded.',
    whyItMatters:
      'svcm ties files to services through code globs, so a changed file points straight to the services it affects.',
    field: 'Service spec.code (glob patterns)',
  },
  // Words around the lifecycle
  {
    id: 'itil',
    term: 'ITIL',
    aliases: ['Information Technology Infrastructure Library'],
    group: 'term',
    definition:
      'A widely used framework of good practice for IT service management, organised as a service lifecycle of five stages.',
    whyItMatters:
      'Its shared vocabulary lets developers, operations and management mean the same thing by "change" or "incident".',
  },
  {
    id: 'service-lifecycle',
    term: 'Service lifecycle',
    aliases: ['lifecycle', 'ITIL lifecycle', 'service life cycle'],
    group: 'term',
    definition:
      'The five ITIL stages a service goes through and keeps cycling round: strategy, design, transition, operation and continual improvement.',
    whyItMatters: "It reminds you that shipping is the middle of a service's life, not the end.",
  },
  // Not in the seed: ITIL v3 (2007) CSI processes, kept as terms (see the file comment).
  {
    id: 'service-measurement',
    term: 'Service measurement',
    aliases: ['service measurements'],
    group: 'term',
    stage: 'Continual Service Improvement',
    definition:
      'Measuring how a service actually performs, such as availability, response times and failed changes, against its targets.',
    whyItMatters: 'You cannot improve, or prove you kept an SLA, without numbers you trust.',
    field: 'Service spec.serviceLevel',
  },
  {
    id: 'service-reporting',
    term: 'Service reporting',
    aliases: ['service report', 'service reports'],
    group: 'term',
    stage: 'Continual Service Improvement',
    definition:
      'Turning service measurements into regular reports that show the people who care how the service is doing.',
    whyItMatters: 'A short, honest report on targets met and missed is how a team earns trust for its way of working.',
  },
];

/**
 * Every glossary entry: stages, then processes (in the seed's order, by stage),
 * then functions, then terms. Ids are unique and no alias belongs to two entries.
 */
export const GLOSSARY: readonly GlossaryEntry[] = [...STAGES, ...PROCESSES, ...FUNCTIONS, ...TERMS];
