/**
 * The data behind KQL's provider functions (FileProfile, SeenBy, DeviceFromIP, ingestion_time), as DuckDB
 * views over Palisade's own hunting tables, and the matching compiler options.
 */
import type { Providers } from '@palisade/kql';
import { INGESTION_TIME_COLUMN } from '../schema/advanced-hunting.ts';

/** FileProfile: prevalence across devices, first/last seen, and signer info from certificate events. */
const FILE_PROFILE_VIEW = `CREATE OR REPLACE VIEW palisade_file_profile AS
WITH files AS (
  SELECT SHA1, SHA256, MD5, FileSize, DeviceId, Timestamp FROM DeviceFileEvents WHERE SHA1 IS NOT NULL AND SHA1 <> ''
  UNION ALL
  SELECT SHA1, SHA256, MD5, FileSize, DeviceId, Timestamp FROM DeviceProcessEvents WHERE SHA1 IS NOT NULL AND SHA1 <> ''
), certs AS (
  SELECT SHA1, arg_max(Signer, Timestamp) AS Signer, arg_max(Issuer, Timestamp) AS Issuer, arg_max(SignerHash, Timestamp) AS SignerHash,
         arg_max(IsTrusted, Timestamp) AS IsTrusted, arg_max(IsRootSignerMicrosoft, Timestamp) AS IsRootSignerMicrosoft,
         arg_max(IsSigned, Timestamp) AS IsSigned
  FROM DeviceFileCertificateInfo GROUP BY SHA1
)
SELECT f.SHA1, any_value(f.SHA256) AS SHA256, any_value(f.MD5) AS MD5, max(f.FileSize) AS FileSize,
       CAST(count(DISTINCT f.DeviceId) AS BIGINT) AS GlobalPrevalence, min(f.Timestamp) AS GlobalFirstSeen, max(f.Timestamp) AS GlobalLastSeen,
       any_value(c.Signer) AS Signer, any_value(c.Issuer) AS Issuer, any_value(c.SignerHash) AS SignerHash,
       any_value(c.IsTrusted) AS IsCertificateValid, any_value(c.IsRootSignerMicrosoft) AS IsRootSignerMicrosoft,
       CASE WHEN any_value(c.IsSigned) IS NULL THEN 'Unknown' WHEN any_value(c.IsSigned) AND any_value(c.IsTrusted) THEN 'SignedValid' WHEN any_value(c.IsSigned) THEN 'SignedInvalid' ELSE 'Unsigned' END AS SignatureState,
       CAST(NULL AS BOOLEAN) AS IsExecutable, CAST(NULL AS VARCHAR) AS ThreatName, CAST(NULL AS VARCHAR) AS Publisher,
       CAST(NULL AS VARCHAR) AS SoftwareName, 'Available' AS ProfileAvailability
FROM files f LEFT JOIN certs c ON c.SHA1 = f.SHA1
GROUP BY f.SHA1`;

/** DeviceFromIP: the devices that reported an address in their network adapters. */
const DEVICE_FROM_IP_VIEW = `CREATE OR REPLACE VIEW palisade_device_from_ip AS
SELECT DISTINCT json_extract_string(a.ip, '$.IPAddress') AS IPAddress, n.DeviceId, n.DeviceName
FROM DeviceNetworkInfo n, unnest(CASE WHEN json_valid(n.IPAddresses) AND json_type(CAST(n.IPAddresses AS JSON)) = 'ARRAY' THEN CAST(CAST(n.IPAddresses AS JSON) AS JSON[]) ELSE [] END) AS a(ip)`;

/** SeenBy: devices that discovered a device on the network. Palisade has no discovery data yet: no rows. */
const SEEN_BY_VIEW = `CREATE OR REPLACE VIEW palisade_seen_by AS
SELECT CAST(NULL AS VARCHAR) AS DeviceId, CAST(NULL AS JSON) AS SeenBy WHERE FALSE`;

export const providerViews: readonly string[] = [FILE_PROFILE_VIEW, DEVICE_FROM_IP_VIEW, SEEN_BY_VIEW];

/** Compiler options naming those views. */
export const huntingProviders: Providers = {
  ingestionTime: { columnName: INGESTION_TIME_COLUMN },
  geoInfoFromIp: {},
  fileProfile: {
    table: 'palisade_file_profile',
    key: 'SHA1',
    columns: [
      { name: 'SHA1', type: 'string' }, { name: 'SHA256', type: 'string' }, { name: 'MD5', type: 'string' }, { name: 'FileSize', type: 'long' },
      { name: 'GlobalPrevalence', type: 'long' }, { name: 'GlobalFirstSeen', type: 'datetime' }, { name: 'GlobalLastSeen', type: 'datetime' },
      { name: 'Signer', type: 'string' }, { name: 'Issuer', type: 'string' }, { name: 'SignerHash', type: 'string' },
      { name: 'IsCertificateValid', type: 'bool' }, { name: 'IsRootSignerMicrosoft', type: 'bool' }, { name: 'SignatureState', type: 'string' },
      { name: 'IsExecutable', type: 'bool' }, { name: 'ThreatName', type: 'string' }, { name: 'Publisher', type: 'string' },
      { name: 'SoftwareName', type: 'string' }, { name: 'ProfileAvailability', type: 'string' },
    ],
  },
  deviceFromIp: {
    table: 'palisade_device_from_ip',
    key: 'IPAddress',
    columns: [{ name: 'IPAddress', type: 'string' }, { name: 'DeviceId', type: 'string' }, { name: 'DeviceName', type: 'string' }],
  },
  seenBy: { table: 'palisade_seen_by', key: 'DeviceId', columns: [{ name: 'DeviceId', type: 'string' }, { name: 'SeenBy', type: 'dynamic' }] },
};
