/** /api/entities: entity pages (device overview and timeline; the alerts and incidents naming any entity). */

/** Graph's alert severities, lowest first. */
export type AlertSeverity = 'informational' | 'low' | 'medium' | 'high';

/** GET /api/entities/devices/{id} */
export interface DeviceOverview {
  deviceId: string | null;
  deviceName: string;
  /** False when no DeviceInfo reports the device (it is known only from events). */
  inventoried: boolean;
  deviceGroup: { id: string; name: string } | null;
  /** The highest severity among the device's open alerts. */
  riskLevel: 'none' | AlertSeverity;
  exposureLevel: string | null;
  osPlatform: string | null;
  osVersion: string | null;
  osBuild: number | string | null;
  osArchitecture: string | null;
  deviceType: string | null;
  model: string | null;
  vendor: string | null;
  joinType: string | null;
  publicIp: string | null;
  machineGroup: string | null;
  onboardingStatus: string | null;
  sensorHealthState: string | null;
  isInternetFacing: boolean | null;
  tags: string[];
  ipAddresses: { address: string; adapter: string; addressType: string | null }[];
  loggedOnUsers: { accountName: string; domain: string | null; sid: string | null }[];
  recentLogons: { accountName: string; domain: string | null; logons: number; last: string }[];
  firstSeen: string | null;
  lastSeen: string | null;
  activeAlerts: number;
  incidents: number;
}

/** One row of a device timeline: the table it came from and its summary columns. */
export interface TimelineEvent {
  table: string;
  timestamp: string;
  reportId: number;
  actionType: string | null;
  [column: string]: unknown;
}

/** GET /api/entities/devices/{id}/timeline */
export interface TimelinePage {
  events: TimelineEvent[];
  /** Pass as `cursor` for the next (older) page; null at the end. */
  nextCursor: string | null;
  /** How far back this page searched (null: the beginning of the data). */
  searchedFrom: string | null;
  elapsedMs: number;
}

/** GET /api/entities/devices/{id}/timeline/facets: the filters' choices with their counts. */
export interface TimelineFacets {
  tables: { table: string; n: number }[];
  actionTypes: { table: string; actionType: string; n: number }[];
}

export interface EntityAlert {
  id: string;
  title: string;
  severity: string;
  status: string;
  category: string;
  incidentId: string;
  serviceSource: string;
  detectionSource: string;
  firstActivityDateTime: string;
  lastActivityDateTime: string;
}

export interface EntityIncident {
  id: string;
  displayName: string;
  severity: string;
  status: string;
  assignedTo: string | null;
  classification: string;
  determination: string;
  lastUpdateDateTime: string;
  /** How many of the incident's alerts name this entity. */
  entityAlerts: number;
}

/** GET /api/entities/{type}/{id}/related */
export interface EntityRelated {
  alerts: EntityAlert[];
  incidents: EntityIncident[];
  /** More alerts name the entity than were read. */
  truncated: boolean;
}
