import { loadDemoData, parseDataSet } from '../../src/simulator';

describe('data sets (fixtures/demo-data.json format)', () => {
  test('the demo data is a valid data set', () => {
    expect(parseDataSet(loadDemoData()).users.length).toBe(loadDemoData().users.length);
  });

  test('a wrong shape is refused naming the entry and the field', () => {
    const d = loadDemoData() as unknown as { users: { executive?: { allowOptInOut: unknown } }[] };
    d.users[1].executive!.allowOptInOut = 'yes';
    expect(() => parseDataSet(d)).toThrow(/^invalid data set: users\[1\]\.executive\.allowOptInOut: /);
  });

  test('a broken reference is refused naming the entry', () => {
    const d = loadDemoData();
    d.users[0].executive!.assistants.push({ userId: 'ghost@acme.example.com', optIn: true });
    expect(() => parseDataSet(d)).toThrow(
      'invalid data set: users[0] (exec1@acme.example.com).executive.assistants[2]: unknown userId "ghost@acme.example.com"',
    );
  });
});
