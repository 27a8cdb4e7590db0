import { describe, expect, it } from 'vitest';
import { describeMapping, fieldErrors, malformedTechniques, parseTechniques, ruleIdFromName, suggestEntityMapping } from './rule-model.ts';

describe('suggestEntityMapping', () => {
  it('maps a process query: device, account, the process image with its command line and parent', () => {
    expect(suggestEntityMapping(['Timestamp', 'DeviceId', 'DeviceName', 'AccountName', 'AccountDomain', 'AccountObjectId', 'FileName', 'ProcessCommandLine', 'InitiatingProcessFileName', 'SHA256'])).toEqual({
      deviceId: 'DeviceId',
      deviceName: 'DeviceName',
      accountName: 'AccountName',
      accountDomain: 'AccountDomain',
      accountSid: 'AccountObjectId',
      processFileName: 'FileName',
      processCommandLine: 'ProcessCommandLine',
      parentFileName: 'InitiatingProcessFileName',
      sha256: 'SHA256',
    });
  });

  it('maps a file event: FileName and FolderPath are the file, the initiating process acts, its account is the account', () => {
    expect(suggestEntityMapping(['DeviceName', 'FileName', 'FolderPath', 'SHA1', 'InitiatingProcessFileName', 'InitiatingProcessCommandLine', 'InitiatingProcessAccountName', 'InitiatingProcessAccountUpn'])).toEqual({
      deviceName: 'DeviceName',
      fileName: 'FileName',
      folderPath: 'FolderPath',
      sha1: 'SHA1',
      processFileName: 'InitiatingProcessFileName',
      processCommandLine: 'InitiatingProcessCommandLine',
      accountName: 'InitiatingProcessAccountName',
      accountUpn: 'InitiatingProcessAccountUpn',
    });
  });

  it('takes the account from one source, never the name of one and the domain of another', () => {
    const m = suggestEntityMapping(['AccountUpn', 'InitiatingProcessAccountName', 'InitiatingProcessAccountDomain']);
    expect(m).toEqual({ accountUpn: 'AccountUpn' });
    expect(suggestEntityMapping(['AccountSid', 'AccountObjectId', 'AccountName'])).toEqual({ accountName: 'AccountName', accountSid: 'AccountSid' });
    expect(suggestEntityMapping(['RequestAccountName', 'RequestAccountDomain'])).toEqual({ accountName: 'RequestAccountName', accountDomain: 'RequestAccountDomain' });
  });

  it('maps email: the recipient mailbox, else the sender; the message with its sender and subject', () => {
    expect(suggestEntityMapping(['NetworkMessageId', 'SenderFromAddress', 'RecipientEmailAddress', 'Subject'])).toEqual({
      mailbox: 'RecipientEmailAddress',
      networkMessageId: 'NetworkMessageId',
      sender: 'SenderFromAddress',
      subject: 'Subject',
    });
    expect(suggestEntityMapping(['SenderFromAddress', 'NetworkMessageId'])).toEqual({ mailbox: 'SenderFromAddress', networkMessageId: 'NetworkMessageId' });
    expect(suggestEntityMapping(['SenderFromAddress'])).toEqual({ mailbox: 'SenderFromAddress' });
  });

  it('maps network and cloud columns: IP, URL, cloud app, display name for the account', () => {
    expect(suggestEntityMapping(['DeviceName', 'LocalIP', 'RemoteIP', 'RemoteUrl'])).toEqual({ deviceName: 'DeviceName', ip: 'RemoteIP', url: 'RemoteUrl' });
    expect(suggestEntityMapping(['IPAddress', 'Url'])).toEqual({ ip: 'IPAddress', url: 'Url' });
    expect(suggestEntityMapping(['AccountDisplayName', 'AccountObjectId', 'Application', 'IPAddress'])).toEqual({ accountSid: 'AccountObjectId', accountName: 'AccountDisplayName', cloudApp: 'Application', ip: 'IPAddress' });
  });

  it('maps the target device and registry, compares names without case and keeps the result spelling', () => {
    expect(suggestEntityMapping(['devicename', 'RemoteDeviceName', 'RegistryKey', 'RegistryValueName'])).toEqual({ deviceName: 'devicename', remoteDeviceName: 'RemoteDeviceName', registryKey: 'RegistryKey', registryValueName: 'RegistryValueName' });
    expect(suggestEntityMapping(['RegistryValueName'])).toEqual({});
  });

  it('maps nothing for columns that name no entity', () => {
    expect(suggestEntityMapping([])).toEqual({});
    expect(suggestEntityMapping(['Timestamp', 'count_', 'ActionType'])).toEqual({});
  });
});

describe('rule helpers', () => {
  it('describes a mapping by entity', () => {
    expect(describeMapping({ deviceName: 'DeviceName', deviceId: 'DeviceId', ip: 'RemoteIP' })).toBe('Device (DeviceName, DeviceId), IP address (RemoteIP)');
    expect(describeMapping({})).toBe('none');
  });
  it('derives a valid id from a name', () => {
    expect(ruleIdFromName('Encoded PowerShell on  Workstations!')).toBe('encoded-powershell-on-workstations');
    expect(ruleIdFromName('Émotet café')).toBe('emotet-cafe');
    expect(ruleIdFromName('***')).toBe('rule');
    expect(ruleIdFromName('a'.repeat(59) + ' b')).toBe('a'.repeat(59));
  });
  it('reads technique lists and flags ids that are not ATT&CK-shaped', () => {
    expect(parseTechniques('t1059.001, T1105;T1059.001  T1566')).toEqual(['T1059.001', 'T1105', 'T1566']);
    expect(malformedTechniques(['T1059.001', 'T1105', 'X1', 'T10599'])).toEqual(['X1', 'T10599']);
  });
  it("keys the server's field errors by field, with the query's line and column", () => {
    expect(
      fieldErrors({ errors: [{ field: 'alert.title', message: 'alert.title must be a non-empty string.' }, { field: 'query', message: 'Unknown column', line: 2, column: 9 }, { nope: 1 }] }),
    ).toEqual({ 'alert.title': 'alert.title must be a non-empty string.', query: 'Line 2, column 9: Unknown column' });
    expect(fieldErrors(undefined)).toEqual({});
  });
});
