import { execFileSync } from 'node:child_process';
import { z } from 'zod';
import { compileCommand } from '../../src/mapping/build-commands';
import { compileOutput } from '../../src/mapping/build-output';
import { compileMappings, compileOperation } from '../../src/mapping/compile';
import { kind, settingsResource, table, type Field, type Kind } from '../../src/mapping/define';
import { collectionResource, itemFieldsOutput, type CollectionResource } from '../../src/mapping/define-collection';
import { listResource, type ListFlag } from '../../src/mapping/define-list';
import type { CommandSpec, Condition, ElementSpec, OperationMapping, ResourceMapping } from '../../src/mapping/types';
import { criteria } from '../../mappings/executive/criteria';
import { doNotDisturb } from '../../mappings/user-services/dnd';

const mappingOf = (o: OperationMapping): OperationMapping => o;

/**
 * Mistakes in a mapping are compile errors: every `@ts-expect-error` below must see one, or
 * `npm run typecheck` (the first step of `npm test`) fails with "Unused '@ts-expect-error'".
 */

const texts = { operationId: 'x', summary: 'x' };
type DndFields = Readonly<Record<string, Field<'UserDoNotDisturbGetRequest', 'UserDoNotDisturbModifyRequest'>>>;
const dnd = (fields: DndFields) =>
  settingsResource({
    name: 'x',
    tag: 'x',
    path: 'x/',
    get: 'UserDoNotDisturbGetRequest',
    modify: 'UserDoNotDisturbModifyRequest',
    fields,
    getOperation: { ...texts, example: {} },
    putOperation: { ...texts, requestExample: {}, responseExample: {} },
  });

describe('the mapping language refuses mistakes at compile time', () => {
  it('accepts a correct declaration and derives schemas, elements and answer from it', () => {
    const m = dnd({ active: { el: 'isActive', kind: kind.boolean } });
    const put = m.operations[1];
    expect(put.body?.safeParse({ active: true }).success).toBe(true);
    expect(put.body?.safeParse({ actve: true }).success).toBe(false);
    expect(put.documents[0][0].fields).toEqual([
      { el: 'userId', from: 'path.user' },
      { el: 'isActive', from: 'body.active', transform: 'boolean' },
    ]);
  });

  it('refuses a misspelt OCI element, command, kind or transform', () => {
    // Each line is refused twice: by the compiler (the directive) and, for mappings built
    // where no type checker looked, at start-up (the toThrow).
    // @ts-expect-error misspelt element of UserDoNotDisturbModifyRequest
    expect(() => dnd({ active: { el: 'isActve', kind: kind.boolean } })).toThrow(/isActve/);
    // @ts-expect-error an element of another command
    expect(() => dnd({ active: { el: 'enableScreening', kind: kind.boolean } })).toThrow(/enableScreening/);
    // @ts-expect-error isDoNotDisturbSync cannot be read back (not in the Get response), so not `both`
    expect(() => dnd({ sync: { el: 'isDoNotDisturbSync', kind: kind.boolean } })).toThrow(/not read/);
    expect(() => dnd({ sync: { el: 'isDoNotDisturbSync', kind: kind.boolean, dir: 'write' } })).not.toThrow();
    // @ts-expect-error misspelt kind
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- the misspelt kind is the point of the line
    expect(() => dnd({ active: { el: 'isActive', kind: kind.boolen } })).toThrow(/no kind/);
    // @ts-expect-error misspelt transform in the engine vocabulary
    const t: ElementSpec = { el: 'isActive', from: 'body.active', transform: 'bolean' };
    expect(() => compileCommand({ type: 'UserDoNotDisturbModifyRequest', fields: [t] } as CommandSpec)).toThrow(
      /unknown transform "bolean"/,
    );
    // @ts-expect-error misspelt command
    const c: CommandSpec = { type: 'UserDoNotDisturbGetRequset', fields: [] };
    // @ts-expect-error element not in the command's XSD
    const e: CommandSpec = { type: 'UserDoNotDisturbGetRequest', fields: [{ el: 'user', from: 'path.user' }] };
    // @ts-expect-error a source must start with path., query., body., var., row. or .
    const s: Condition = { present: 'bdy.active' };
    // Commands and conditions are data: their run-time guard is the XSD check and compileSource.
    expect([c.type, e.fields[0].el, s.present]).toEqual(['UserDoNotDisturbGetRequset', 'user', 'bdy.active']);
  });

  it('a misspelt element lists the valid names; a command not generated yet names npm run gen:oci-types', () => {
    const settings = { name: 'x', tag: 'x', path: 'x/', getOperation: { ...texts, example: {} } } as const;
    const putOperation = { ...texts, requestExample: {}, responseExample: {} };
    expect(() =>
      settingsResource({
        ...settings,
        putOperation,
        get: 'UserDoNotDisturbGetRequest',
        modify: 'UserDoNotDisturbModifyRequest',
        // @ts-expect-error "ringSplsh" is not an element of both …; the valid names are "isActive" | "ringSplash"
        fields: { splash: { el: 'ringSplsh', kind: kind.boolean } },
      }),
    ).toThrow(/ringSplsh/);
    // A template literal, so that the generator (which reads quoted names) does not generate it.
    const notGenerated = `UserAutomaticCallbackGetRequest` as const;
    expect(() =>
      settingsResource({
        ...settings,
        putOperation,
        // @ts-expect-error UserAutomaticCallbackGetRequest is not a generated command: run npm run gen:oci-types
        get: notGenerated,
        modify: 'UserDoNotDisturbModifyRequest',
        fields: {},
      }),
    ).toThrow(/UserAutomaticCallbackGetRequest .*is not generated: run npm run gen:oci-types/);
  });

  it('refuses a service outside the UserService enumeration', () => {
    // @ts-expect-error misspelt UserService name
    const m: ResourceMapping = { ...doNotDisturb, service: 'Do Not Disturbb' };
    expect(() => compileMappings([m])).toThrow(/"Do Not Disturbb" is not a value of the schema's UserService/);
  });

  it('sends elements in XSD order whatever the declaration order', () => {
    const m = dnd({
      ringSplash: { el: 'ringSplash', kind: kind.boolean },
      active: { el: 'isActive', kind: kind.boolean },
    });
    expect(m.operations[1].documents[0][0].fields.map((f) => f.el)).toEqual(['userId', 'isActive', 'ringSplash']);
  });

  it('the do-not-disturb mapping is written in the language', () => {
    expect(doNotDisturb.operations.map((o) => o.operationId)).toEqual(['getDoNotDisturb', 'updateDoNotDisturb']);
  });
});

// A criteria-like collection, each test changing one declaration.
type Criteria = CollectionResource<
  'UserExecutiveGetFilteringSelectiveCriteriaRequest21',
  'UserExecutiveAddFilteringSelectiveCriteriaRequest',
  'UserExecutiveModifyFilteringSelectiveCriteriaRequest',
  'UserExecutiveDeleteFilteringSelectiveCriteriaRequest',
  'UserExecutiveGetFilteringRequest',
  'UserExecutiveModifyFilteringRequest',
  never
>;
const collectionBase = {
  name: 'x',
  tag: 'x',
  path: 'x/',
  commands: {
    get: 'UserExecutiveGetFilteringSelectiveCriteriaRequest21',
    add: 'UserExecutiveAddFilteringSelectiveCriteriaRequest',
    modify: 'UserExecutiveModifyFilteringSelectiveCriteriaRequest',
    delete: 'UserExecutiveDeleteFilteringSelectiveCriteriaRequest',
  },
  key: { name: 'name', schema: z.string(), el: 'criteriaName', rename: 'newCriteriaName' },
  list: { command: 'UserExecutiveGetFilteringRequest', table: 'criteriaTable', column: 'Criteria Name', what: 'x' },
  operations: {
    get: { ...texts, example: {} },
    create: { ...texts, requestExample: {}, example: {} },
    update: { ...texts, requestExample: {}, example: {} },
    delete: { ...texts, example: {} },
  },
} as const satisfies Omit<Criteria, 'fields'>;
const activeFlag = {
  name: 'active',
  kind: kind.boolean,
  cell: 'Is Active',
  write: {
    command: 'UserExecutiveModifyFilteringRequest',
    el: 'criteriaActivation',
    key: 'criteriaName',
    value: 'isActive',
  },
} as const;

describe('the collection language and typed sources refuse mistakes at compile time', () => {
  it('accepts a correct collection: defaults on POST, rename, Add vs Modify lists, the flag in a second document', () => {
    const m = collectionResource({
      ...collectionBase,
      flag: activeFlag,
      fields: {
        filter: { el: 'filter', kind: kind.boolean, default: true },
        fromDnCriteria: {
          el: 'fromDnCriteria',
          patch: true,
          defaultFromMembers: true,
          members: {
            anonymous: { el: 'includeAnonymousCallers', kind: kind.boolean, default: false },
            numbers: {
              el: 'phoneNumber',
              onModify: { el: 'phoneNumberList', wrap: 'phoneNumber' },
              kind: { write: z.array(z.string()), read: z.array(z.string()) },
            },
          },
        },
      },
    });
    const [, post, put] = compileMappings([m]);
    const scope = (op: typeof post, body: unknown) =>
      op.initScope(
        op.validate({
          params: { tenant: 't', group: 'g', user: 'u@x.be', ...(op.method === 'put' ? { name: 'A' } : {}) },
          query: {},
          body,
        }),
      );
    const sent = (op: typeof post, body: unknown) =>
      op.documents.map((d) => d.flatMap((c) => c.build(scope(op, body))).map((c) => [c.type, c.body]));
    // POST without `active`: one document; the defaults fill what OCI requires.
    expect(sent(post, { name: 'A', fromDnCriteria: { numbers: ['1', '2'] } })[0][0]).toEqual([
      'UserExecutiveAddFilteringSelectiveCriteriaRequest',
      {
        userId: 'u@x.be',
        criteriaName: 'A',
        filter: 'true',
        fromDnCriteria: { includeAnonymousCallers: 'false', phoneNumber: ['1', '2'] },
      },
    ]);
    // PUT renaming, with `active`: the Modify alone, then the activation with the new name.
    const [[modify], [activate]] = sent(put, { name: 'B', active: true, fromDnCriteria: { numbers: [] } });
    expect(modify).toEqual([
      'UserExecutiveModifyFilteringSelectiveCriteriaRequest',
      { userId: 'u@x.be', criteriaName: 'A', newCriteriaName: 'B', fromDnCriteria: { phoneNumberList: null } },
    ]);
    expect(activate).toEqual([
      'UserExecutiveModifyFilteringRequest',
      { userId: 'u@x.be', criteriaActivation: { criteriaName: 'B', isActive: 'true' } },
    ]);
    // The same name as the path is no rename.
    expect(sent(put, { name: 'A' })[0][0][1]).toEqual({ userId: 'u@x.be', criteriaName: 'A' });
  });

  it('refuses a misspelt element, nested element, flag element, transform or a default of the wrong type', () => {
    const filter = { el: 'filter', kind: kind.boolean } as const;
    expect(() =>
      // @ts-expect-error misspelt element of the criteria commands
      collectionResource({ ...collectionBase, fields: { filter: { el: 'filtr', kind: kind.boolean } } }),
    ).toThrow(/filtr/);
    expect(() =>
      collectionResource({
        ...collectionBase,
        fields: {
          fromDnCriteria: {
            el: 'fromDnCriteria',
            // @ts-expect-error misspelt member of CriteriaFromDn
            members: { selection: { el: 'fromDnCriteriaSelecton', kind: kind.choice(z.enum(['Any'])) } },
          },
        },
      }),
    ).toThrow(/fromDnCriteriaSelecton/);
    expect(() =>
      collectionResource({
        ...collectionBase,
        fields: {
          fromDnCriteria: {
            el: 'fromDnCriteria',
            members: {
              // @ts-expect-error phoneNumber is not in CriteriaFromDnModify: Modify needs `onModify`
              numbers: { el: 'phoneNumber', kind: { write: z.array(z.string()), read: z.array(z.string()) } },
            },
          },
        },
      }),
    ).toThrow(/phoneNumber is not in UserExecutiveModifyFilteringSelectiveCriteriaRequest/);
    expect(() =>
      collectionResource({
        ...collectionBase,
        fields: { filter },
        // @ts-expect-error misspelt child of criteriaActivation
        flag: { ...activeFlag, write: { ...activeFlag.write, value: 'isActve' } },
      }),
    ).toThrow(/isActve/);
    // @ts-expect-error misspelt transform in a kind
    const badKind: Kind = { write: z.boolean(), read: z.boolean(), transform: 'bolean' };
    expect(() =>
      compileMappings([collectionResource({ ...collectionBase, fields: { filter: { el: 'filter', kind: badKind } } })]),
    ).toThrow(/unknown transform "bolean"/);
    expect(() =>
      collectionResource({
        ...collectionBase,
        // @ts-expect-error a default must be a value of the field's kind
        fields: { filter: { el: 'filter', kind: kind.boolean, default: 'yes' } },
      }),
    ).toThrow(/default "yes"/);
    expect(() =>
      collectionResource({
        ...collectionBase,
        fields: {
          fromDnCriteria: {
            el: 'fromDnCriteria',
            members: {
              // @ts-expect-error the same for a member's default
              anonymous: { el: 'includeAnonymousCallers', kind: kind.boolean, default: 0 },
            },
          },
        },
      }),
    ).toThrow(/default 0/);
    // Every kind keeps its zod type, so the check covers integers, choices and texts too.
    expect(() =>
      collectionResource({
        ...collectionBase,
        // @ts-expect-error an integer kind's default must be a number
        fields: { filter: { el: 'filter', kind: kind.integer(0, 9), default: 'yes' } },
      }),
    ).toThrow(/default "yes"/);
    expect(() =>
      collectionResource({
        ...collectionBase,
        fields: {
          fromDnCriteria: {
            el: 'fromDnCriteria',
            members: {
              // @ts-expect-error a choice's default must be one of its values
              selection: {
                el: 'fromDnCriteriaSelection',
                kind: kind.choice(z.enum(['Any', 'Specified Only'])),
                default: 'All',
              },
            },
          },
        },
      }),
    ).toThrow(/default "All"/);
    expect(() =>
      collectionResource({
        ...collectionBase,
        // @ts-expect-error a text kind's default must be a string
        fields: { filter: { el: 'filter', kind: kind.text(z.string()), default: 1 } },
      }),
    ).toThrow(/default 1/);
    // A default of the right type compiles and starts.
    expect(() =>
      collectionResource({
        ...collectionBase,
        fields: { filter: { el: 'filter', kind: kind.integer(0, 9), default: 1 } },
      }),
    ).not.toThrow();
  });

  it('refuses a misspelt body, path or var source in the engine vocabulary at start-up', () => {
    const base = { method: 'put', path: 'x/{name}/', operationId: 'x', summary: 'x', response: z.object({}) } as const;
    const resource = { name: 'x', tag: 'x', operations: [] };
    const body = z.strictObject({ enabled: z.boolean().optional(), nested: z.object({ a: z.string() }).optional() });
    const params = z.object({ name: z.string() });
    // Correct sources compile and start.
    const ok = mappingOf({
      ...base,
      params,
      body,
      vars: { n: { from: ['body.nested.a', 'path.name'] } },
      documents: [[{ type: 'UserDoNotDisturbModifyRequest', fields: [{ el: 'isActive', from: 'body.enabled' }] }]],
      output: { object: { n: { input: 'var.n' } } },
    });
    expect(() => compileOperation(resource, ok)).not.toThrow();
    const misspelt = mappingOf({
      ...base,
      body,
      documents: [[{ type: 'UserDoNotDisturbModifyRequest', fields: [{ el: 'isActive', from: 'body.enabeld' }] }]],
      output: { object: {} },
    });
    expect(() => compileOperation(resource, misspelt)).toThrow(/"body.enabeld" names a key/);
    const nested = mappingOf({
      ...base,
      body,
      output: { object: { a: { input: 'body.nested.b' } } },
      documents: [],
    });
    expect(() => compileOperation(resource, nested)).toThrow(/"body.nested.b"/);
    const path = mappingOf({
      ...base,
      params,
      documents: [[{ type: 'UserDoNotDisturbGetRequest', fields: [{ el: 'userId', from: 'path.nme' }] }]],
      output: { object: {} },
    });
    expect(() => compileOperation(resource, path)).toThrow(/"path.nme"/);
    const undeclared = mappingOf({ ...base, documents: [], output: { object: { v: { input: 'var.nope' } } } });
    expect(() => compileOperation(resource, undeclared)).toThrow(/"var.nope" names no declared var/);
    // Relative sources are checked against the object their element reads.
    expect(() =>
      compileOperation(resource, {
        ...base,
        body,
        output: { object: {} },
        documents: [
          [
            {
              type: 'UserExecutiveModifyFilteringRequest',
              fields: [{ el: 'criteriaActivation', from: 'body.nested', fields: [{ el: 'isActive', from: '.b' }] }],
            },
          ],
        ],
      }),
    ).toThrow(/"\.b"/);
  });
});

type FilteringField = Field<'UserExecutiveGetFilteringRequest', 'UserExecutiveModifyFilteringRequest'>;
const filteringWith = (fields: Readonly<Record<string, FilteringField>>) =>
  settingsResource({
    name: 'x',
    tag: 'x',
    path: 'x/',
    get: 'UserExecutiveGetFilteringRequest',
    modify: 'UserExecutiveModifyFilteringRequest',
    fields,
    getOperation: { ...texts, example: {} },
    putOperation: { ...texts, requestExample: {}, responseExample: {} },
  });
const criteriaTable = table(['Is Active', 'Criteria Name']);
const rows = (fields: Parameters<typeof criteriaTable.rows>[0]) => criteriaTable.rows(fields, z.object({}));
const activation = { name: { el: 'criteriaName', kind: kind.text(z.string()) } } as const;

describe('tables, items, fan-outs and lists refuse mistakes at compile time', () => {
  it('accepts a correct table read with a fan-out and items written, and derives both documents', () => {
    const m = filteringWith({
      criteria: {
        read: {
          el: 'criteriaTable',
          kind: criteriaTable.rows({ name: { cell: 'Criteria Name' } }, z.object({}), {
            command: 'UserExecutiveGetFilteringSelectiveCriteriaRequest21',
            as: 'criteria',
            elements: { criteriaName: 'Criteria Name' },
            fields: { filter: { text: 'criteria.filter', transform: 'boolean' } },
          }),
        },
        // Declared out of XSD order: sent in order.
        write: {
          el: 'criteriaActivation',
          kind: kind.items({ on: { el: 'isActive', kind: kind.boolean }, ...activation }),
        },
      },
    });
    const [get, put] = m.operations;
    expect(get.documents[1]).toEqual([
      {
        type: 'UserExecutiveGetFilteringSelectiveCriteriaRequest21',
        as: 'criteria',
        forEach: { rows: 'current.criteriaTable' },
        fields: [
          { el: 'userId', from: 'path.user' },
          { el: 'criteriaName', from: 'row.Criteria Name' },
        ],
      },
    ]);
    expect(put.documents[0][0].fields[1]).toEqual({
      el: 'criteriaActivation',
      from: 'body.criteria',
      repeat: true,
      fields: [
        { el: 'criteriaName', from: '.name' },
        { el: 'isActive', from: '.on', transform: 'boolean' },
      ],
    });
    expect(put.body?.safeParse({ criteria: [{ name: 'a', on: true }] }).success).toBe(true);
    expect(put.body?.safeParse({ criteria: [{ name: 'a', on: true, more: 1 }] }).success).toBe(false);
  });

  it('refuses a misspelt heading, child element, fan-out element or transform', () => {
    // @ts-expect-error "Is active" is not a heading of the table (headings are typed)
    expect(() => rows({ active: { cell: 'Is active' } })).toThrow(/"Is active" is not a heading/);
    // @ts-expect-error misspelt transform of a cell (at run time: refused when the engine compiles the answer)
    const misspelt = rows({ active: { cell: 'Is Active', transform: 'bolean' } });
    expect(() => compileOutput(misspelt.out?.('t.criteriaTable') ?? { constant: null })).toThrow(/bolean/);
    // @ts-expect-error misspelt heading in a row check
    expect(() => criteriaTable.check({ key: 'name', column: 'Criteria name', missing: 'x' })).toThrow(/Criteria name/);
    const badChild = kind.items({ name: { el: 'criteriaNme', kind: kind.boolean } });
    // @ts-expect-error criteriaNme is not a child element of criteriaActivation (generated OCI_CHILDREN)
    const f: FilteringField = { dir: 'write', el: 'criteriaActivation', kind: badChild };
    expect(() => filteringWith({ criteria: f })).toThrow(/criteriaNme is not a child of criteriaActivation/);
    const fanOut = {
      command: 'UserExecutiveGetFilteringSelectiveCriteriaRequest21',
      as: 'c',
      elements: { criteriaNam: 'Criteria Name' },
      fields: {},
    } as const;
    // @ts-expect-error criteriaNam is not an element of the fan-out command
    expect(() => criteriaTable.rows({}, z.object({}), fanOut)).toThrow(/criteriaNam is not in/);
    const assistantsWith = (ids: Field<'UserExecutiveGetAssistantRequest', 'UserExecutiveModifyAssistantRequest'>) =>
      settingsResource({
        ...{ name: 'x', tag: 'x', path: 'x/', fields: { ids } },
        get: 'UserExecutiveGetAssistantRequest',
        modify: 'UserExecutiveModifyAssistantRequest',
        getOperation: { ...texts, example: {} },
        putOperation: { ...texts, requestExample: {}, responseExample: {} },
      });
    const userid = kind.list(z.string(), 'userid');
    // @ts-expect-error the wrapped list's item element is `userId`
    expect(() => assistantsWith({ dir: 'write', el: 'assistantUserIdList', kind: userid })).toThrow(/userid is not a/);
  });

  it('refuses a fan-out answer reading an element its command does not answer', () => {
    const criteriaGet = 'UserExecutiveGetFilteringSelectiveCriteriaRequest21';
    const detail = { filter: { el: 'filter', kind: kind.boolean } } as const;
    const fanOut = { command: criteriaGet, as: 'criteria', elements: { criteriaName: 'Criteria Name' } } as const;
    // Item fields declared for the criteria commands, read under the fan-out's alias: compiles and starts.
    expect(() =>
      criteriaTable.rows({}, z.object({}), { ...fanOut, fields: itemFieldsOutput(detail, 'criteria') }),
    ).not.toThrow();
    expect(() =>
      criteriaTable.rows({}, z.object({}), {
        ...fanOut,
        // @ts-expect-error filtr is not an element of UserExecutiveGetFilteringSelectiveCriteriaResponse21
        fields: { filter: { text: 'criteria.filtr', transform: 'boolean' } },
      }),
    ).toThrow(/criteria\.filtr is not an element of UserExecutiveGetFilteringSelectiveCriteriaResponse21/);
    expect(() =>
      criteriaTable.rows({}, z.object({}), {
        ...fanOut,
        // @ts-expect-error phoneNumbr is not a child of fromDnCriteria (generated OCI_CHILDREN)
        fields: { numbers: { texts: 'criteria.fromDnCriteria.phoneNumbr' } },
      }),
    ).toThrow(/phoneNumbr is not a child of fromDnCriteria/);
    expect(() =>
      // @ts-expect-error the fields are read under another alias than the fan-out's `as`
      criteriaTable.rows({}, z.object({}), { ...fanOut, fields: itemFieldsOutput(detail, 'crit') }),
    ).toThrow(/crit\.filter is not an element/);
    expect(() =>
      criteriaTable.rows({}, z.object({}), {
        ...fanOut,
        command: 'UserExecutiveGetFilteringRequest',
        elements: {},
        // @ts-expect-error criteria fields read from the answer of another command
        fields: itemFieldsOutput(detail, 'criteria'),
      }),
    ).toThrow(/criteria\.filter is not an element of UserExecutiveGetFilteringResponse/);
  });

  it('refuses a row check or a unique key that names no item key', () => {
    const executiveTable = table(['User Id', 'Executive Allow Opt-in', 'Assistant Opt-in Status']);
    const optIn = { el: 'optIn', kind: kind.boolean } as const;
    const userId = { el: 'executiveUserId', kind: kind.text(z.string()) } as const;
    const base = {
      ...{ name: 'x', tag: 'x', path: 'x/' },
      get: 'UserExecutiveAssistantGetRequest',
      modify: 'UserExecutiveAssistantModifyRequest',
      getOperation: { ...texts, example: {} },
      putOperation: { ...texts, requestExample: {}, responseExample: {} },
    } as const;
    const read = { el: 'executiveTable', kind: executiveTable.rows({}, z.object({})) } as const;
    const write = { el: 'optInStatus', kind: kind.items({ userId, optInStatus: optIn }) } as const;
    const refuse = <const F extends string>(field: F) =>
      [
        {
          cell: 'Executive Allow Opt-in',
          equals: 'false',
          changes: { field, cell: 'Assistant Opt-in Status' },
          message: 'x',
        },
      ] as const;
    // Correct: compiles and starts.
    const ok = settingsResource({
      ...base,
      fields: {
        executiveUsers: {
          read,
          write,
          check: executiveTable.check({
            key: 'userId',
            column: 'User Id',
            missing: 'x',
            refuse: refuse('optInStatus'),
          }),
        },
      },
    });
    expect(ok.operations[1].checks?.items.map((c) => c.key)).toEqual(['userId']);
    expect(() =>
      settingsResource({
        ...base,
        fields: {
          // @ts-expect-error the check's key is not an item key (userID)
          executiveUsers: {
            read,
            write,
            check: executiveTable.check({ key: 'userID', column: 'User Id', missing: 'x' }),
          },
        },
      }),
    ).toThrow(/check names userID, not an item field/);
    expect(() =>
      settingsResource({
        ...base,
        fields: {
          // @ts-expect-error `changes.field` names the element (optIn), not the item key (optInStatus)
          executiveUsers: {
            read,
            write,
            check: executiveTable.check({
              key: 'userId',
              column: 'User Id',
              missing: 'x',
              refuse: refuse('optIn'),
            }),
          },
        },
      }),
    ).toThrow(/check names optIn, not an item field/);
    // @ts-expect-error `unique` names the element (executiveUserId), not the item key (userId)
    expect(() => kind.items({ userId, optIn }, { unique: { key: 'executiveUserId', message: 'x' } })).toThrow(
      /unique key executiveUserId is not an item field/,
    );
  });

  it('refuses a kind used in the wrong direction', () => {
    const tableKind = rows({});
    // @ts-expect-error a table can only be read
    const w: FilteringField = { dir: 'write', el: 'criteriaActivation', kind: tableKind };
    // @ts-expect-error items can only be written
    const r: FilteringField = { dir: 'read', el: 'criteriaTable', kind: kind.items(activation) };
    // @ts-expect-error a table read cannot be a both-ways field
    const b: FilteringField = { el: 'enableFiltering', kind: tableKind };
    expect(() => filteringWith({ w })).toThrow(/cannot be written/);
    expect(() => filteringWith({ r })).toThrow(/cannot be read/);
    expect(() => filteringWith({ b })).toThrow(/cannot be written/);
  });

  it('refuses a list flag with a misspelt child element', () => {
    type Flag = ListFlag<'UserExecutiveGetAvailableAssistantListRequest'>;
    // @ts-expect-error groupID is not a child of searchCriteriaExactUserGroup
    const flag: Flag = { el: 'searchCriteriaExactUserGroup', fields: { groupID: 'path.group' }, default: true };
    const list = (sameGroupOnly: Flag) =>
      listResource({
        name: 'x',
        tag: 'x',
        path: 'x/',
        command: 'UserExecutiveGetAvailableAssistantListRequest',
        operation: { ...texts, example: {} },
        rows: { name: 'users', el: 'userTable', kind: table(['User Id']).rows({}, z.object({})) },
        limit: { el: 'responseSizeLimit', default: 1, max: 2, description: 'x', truncated: 'x' },
        flags: { sameGroupOnly },
      });
    expect(() => list(flag)).toThrow(/groupID is not in searchCriteriaExactUserGroup/);
  });
});

describe('generated OCI element types', () => {
  it('are current with fixtures/schema and the commands the mappings name (npm run gen:oci-types)', () => {
    expect(() =>
      execFileSync(process.execPath, ['scripts/gen-oci-types.mjs', '--check'], { stdio: 'pipe' }),
    ).not.toThrow();
  });
});

describe('the Location of a creating write', () => {
  const withLocation = (location: { path: string; params: Record<string, string> }) => ({
    ...criteria,
    operations: criteria.operations.map((op) =>
      op.method === 'post' ? { ...op, location: location as typeof op.location } : op,
    ),
  });
  const create = (resource: ResourceMapping) => compileMappings([resource]).find((c) => c.method === 'post')!;

  it('is the GET path of the created item, each parameter %-encoded', () => {
    const post = create(criteria);
    const input = { path: { tenant: 'acme ent', group: 'hq', user: 'a@b.c' }, query: {}, body: { name: 'A/B c' } };
    expect(post.location!(input)).toBe(
      '/api/v1/tenants/acme%20ent/groups/hq/users/a%40b.c/services/executive/criteria/A%2FB%20c/',
    );
    expect(post.location!({ ...input, body: {} })).toBeUndefined();
  });

  it('is refused at start-up when no GET serves its path, or its parameters and sources differ', () => {
    expect(() =>
      create(withLocation({ path: 'services/executive/criterias/{name}/', params: { name: 'body.name' } })),
    ).toThrow(/location services\/executive\/criterias\/\{name\}\/ is not a path a GET serves/);
    expect(() => create(withLocation({ path: 'services/executive/criteria/{name}/', params: {} }))).toThrow(
      /no source for \{name\}/,
    );
    expect(() =>
      create(withLocation({ path: 'services/executive/criteria/{name}/', params: { name: 'body.name', x: 'body.x' } })),
    ).toThrow(/\{x\} is not in the path/);
  });
});
