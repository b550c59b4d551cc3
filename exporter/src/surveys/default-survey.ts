import type { Question, SurveyDefinition } from './types';

/**
 * The shipped survey. Every item is our own wording; `basedOn` names the published instrument it paraphrases so
 * that a reader can compare. DORA statements come from dora.dev's survey question archive
 * (`hugo/data/survey_questions/2022.json`, `2023.json`), the Quick Check "What's holding you back?" capability
 * statements (`hugo/data/capability_prioritization_questions.json`) and the capability articles
 * (`hugo/content/capabilities/*`) in the dora-team/dora.dev repository. The four dimensions are SPACE's
 * "satisfaction and well-being" and "communication and collaboration" (Forsgren, Storey, Maddila, Zimmermann,
 * Houck, Butler: "The SPACE of Developer Productivity", ACM Queue 19(1), 2021).
 */
export const DEFAULT_SURVEY_ID = 'developer-research';

const DORA_2022 = 'DORA 2022 survey';
const DORA_2023 = 'DORA 2023 survey';
const QUICK_CHECK = 'DORA Quick Check, "What\'s holding you back?"';
const WESTRUM = `${QUICK_CHECK}: Generative Organizational Culture (Westrum)`;

const q = (question: Omit<Question, 'reversed' | 'scale' | 'aliases'> & Partial<Question>): Question => ({
  reversed: false,
  scale: 'agreement',
  aliases: [],
  ...question,
});

export const DEFAULT_SURVEY: SurveyDefinition = {
  id: DEFAULT_SURVEY_ID,
  title: 'Developer research',
  description:
    'A short anonymous pulse for a squad, once per sprint: how people are doing and how well the capabilities ' +
    'behind delivery work for them. Answer each statement from Strongly disagree (1) to Strongly agree (5).',
  questions: [
    // Satisfaction
    q({
      id: 'sat_overall',
      text: 'All things considered, I am satisfied with my work on this team.',
      dimension: 'satisfaction',
      basedOn: `${DORA_2023}, Job satisfaction: "Taking everything into consideration, how do you feel about your job as a whole?" (recast as agreement)`,
    }),
    q({
      id: 'sat_tools',
      text: 'I have the tools and resources I need to do my work well.',
      dimension: 'satisfaction',
      basedOn: 'dora.dev capability "Job satisfaction": give employees the tools and resources needed to do their work',
    }),
    q({
      id: 'sat_meaningful',
      text: 'My work is meaningful and makes good use of my skills.',
      dimension: 'satisfaction',
      basedOn: 'dora.dev capability "Job satisfaction": meaningful work that leverages expertise',
    }),
    // Well-being
    q({
      id: 'wb_exhausted',
      text: 'At the end of a typical working day I feel drained.',
      dimension: 'wellbeing',
      reversed: true,
      basedOn: `${DORA_2022} and ${DORA_2023}, Burnout: "I feel exhausted"`,
    }),
    q({
      id: 'wb_spillover',
      text: 'Stress from work spills over into my life outside work.',
      dimension: 'wellbeing',
      reversed: true,
      basedOn: `${DORA_2022} and ${DORA_2023}, Burnout: "My feelings about work negatively affect my life outside of work"`,
    }),
    q({
      id: 'wb_pace',
      text: 'The pace of work on this team is one I can keep up for a long time.',
      dimension: 'wellbeing',
      basedOn: 'dora.dev capability "Well-being": work overload, the first of Maslach\'s burnout risk factors',
    }),
    q({
      id: 'wb_deploy_calm',
      text: 'I can ship a change to production without fear or anxiety.',
      dimension: 'wellbeing',
      basedOn: 'dora.dev capability "Well-being": deployment pain',
    }),
    // Communication
    q({
      id: 'com_information',
      text: 'People on this team go looking for the information others need and share it in time.',
      dimension: 'communication',
      basedOn: `${WESTRUM}: "Information is actively sought"`,
    }),
    q({
      id: 'com_bad_news',
      text: 'I can bring up bad news or a problem without being blamed for it.',
      dimension: 'communication',
      basedOn: `${WESTRUM}: "Messengers are not punished when they deliver news of failures or other bad news"`,
    }),
    q({
      id: 'com_waiting',
      text: 'Waiting for answers to my questions often interrupts my work.',
      dimension: 'communication',
      reversed: true,
      basedOn: `${DORA_2023}, Knowledge sharing: "Waiting on answers to questions often causes interruptions and disrupts my workflow"`,
    }),
    // Collaboration
    q({
      id: 'col_cross_functional',
      text: 'Working across roles and teams, including with the client, is encouraged and valued.',
      dimension: 'collaboration',
      basedOn: `${WESTRUM}: "Cross-functional collaboration is encouraged and rewarded"`,
    }),
    q({
      id: 'col_shared_responsibility',
      text: 'On this team, responsibilities are shared rather than pushed onto someone else.',
      dimension: 'collaboration',
      basedOn: `${WESTRUM}: "Responsibilities are shared"`,
    }),
    q({
      id: 'col_learning_from_failure',
      text: 'When something goes wrong, we look for what to improve rather than for someone to blame.',
      dimension: 'collaboration',
      basedOn: `${WESTRUM}: "Failures are treated primarily as opportunities to improve the system"`,
    }),
    // Capabilities that events measure poorly
    q({
      id: 'doc_reliable',
      text: 'I can count on our technical documentation when I work on our services.',
      capability: 'documentation_quality',
      basedOn: `${DORA_2022} and ${DORA_2023}, Documentation: "I can rely on our technical documentation…"`,
    }),
    q({
      id: 'doc_findable',
      text: 'When I need to understand part of our system, I can quickly find the right document.',
      capability: 'documentation_quality',
      basedOn: `${DORA_2022} and ${DORA_2023}, Documentation: "It is easy to find the right technical document…"`,
    }),
    q({
      id: 'doc_current',
      text: 'Our documentation is updated together with the changes it describes.',
      capability: 'documentation_quality',
      basedOn: `${DORA_2022} and ${DORA_2023}, Documentation: "Technical documentation is updated as changes are made"`,
    }),
    q({
      id: 'arch_independent_release',
      text: 'We can deploy and release our service whenever we choose, without waiting for the services it depends on.',
      capability: 'loosely_coupled_architecture',
      basedOn: `${QUICK_CHECK}: Loosely Coupled Architecture, "My team can deploy and release our product or service on demand, independently of other services it depends upon"`,
    }),
    q({
      id: 'arch_outside_coordination',
      text: 'To finish my own work I often have to coordinate with people outside the team.',
      capability: 'loosely_coupled_architecture',
      reversed: true,
      basedOn: `${QUICK_CHECK}: Loosely Coupled Architecture, "To complete my own work, I don't need to communicate and coordinate with people outside my team" (negated)`,
    }),
    q({
      id: 'arch_test_on_demand',
      text: 'We can run most of our tests when we want, without a shared integrated test environment.',
      capability: 'loosely_coupled_architecture',
      basedOn: `${QUICK_CHECK}: Loosely Coupled Architecture, "We can do most of our testing on demand, without requiring an integrated test environment"`,
    }),
    q({
      id: 'infra_self_service',
      text: 'I can set up the infrastructure our service needs myself, without filing tickets or waiting for someone.',
      capability: 'flexible_infrastructure',
      basedOn: `${DORA_2023}, Flexible infrastructure: on-demand self-service provisioning "without raising tickets or requiring human interaction"`,
    }),
    q({
      id: 'infra_elastic',
      text: 'We can scale the resources of our service up or down as demand changes.',
      capability: 'flexible_infrastructure',
      basedOn: `${DORA_2023}, Flexible infrastructure: "I can dynamically increase or decrease the resources available…"`,
    }),
    q({
      id: 'code_easy_change',
      text: 'It is easy to find, reuse and change code in our codebase, including code another team owns.',
      capability: 'code_maintainability',
      basedOn:
        'dora.dev capability "Code maintainability": easy to find examples, reuse code and change other teams\' code',
    }),
    q({
      id: 'code_dependencies',
      text: 'Adding or upgrading a dependency is easy, and our dependencies rarely break our code.',
      capability: 'code_maintainability',
      basedOn: 'dora.dev capability "Code maintainability": easy to add and migrate dependencies; they are stable',
    }),
    q({
      id: 'cd_always_deployable',
      text: 'Our software stays ready to deploy at every point, not only before a release.',
      capability: 'continuous_delivery',
      basedOn: `${DORA_2022} and ${DORA_2023}, Continuous delivery: "Our software is in a deployable state throughout its lifecycle"`,
    }),
    q({
      id: 'cd_fix_first',
      text: 'When a build or a test breaks, fixing it comes before any new work.',
      capability: 'continuous_delivery',
      basedOn: `${DORA_2022} and ${DORA_2023}, Continuous delivery: "…they make fixing these issues their highest priority"`,
    }),
    // eNPS
    q({
      id: 'enps',
      text: 'How likely are you to recommend this team as a place to work to a friend or colleague? (0–10)',
      scale: 'enps',
      basedOn: `${DORA_2022}, Work environment: "How likely are you to recommend your team as a place to work…"; scored as an employee Net Promoter Score`,
    }),
  ],
};
