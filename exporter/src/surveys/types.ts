/** The developer-experience dimensions a question can measure (SPACE's satisfaction/well-being and communication/collaboration). */
export const DIMENSIONS = ['satisfaction', 'wellbeing', 'communication', 'collaboration'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface Question {
  id: string;
  text: string;
  basedOn?: string | undefined;
  dimension?: Dimension | undefined;
  capability?: string | undefined;
  reversed: boolean;
  scale: 'agreement' | 'enps';
  aliases: string[];
}

export interface SurveyDefinition {
  id: string;
  title: string;
  description?: string | undefined;
  questions: Question[];
}

/** The resolved `surveys` configuration. The salt is a secret: it is never logged or returned. */
export interface SurveysConfig {
  minRespondents: number;
  salt?: string;
  surveys: SurveyDefinition[];
  /** Id of the survey shown on /metrics; undefined when no survey is defined. */
  metricsSurvey?: string;
}
