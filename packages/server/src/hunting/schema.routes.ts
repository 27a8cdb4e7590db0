import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { huntingTables } from '../schema/advanced-hunting.ts';

/** The Advanced Hunting schema for the portal's editor and schema browser: tables, columns, types, descriptions. */
export function huntingSchemaRoutes(_ctx: AppContext): FastifyPluginAsync {
  const body = { tables: [...huntingTables.values()].sort((a, b) => a.name.localeCompare(b.name)) };
  return async (app) => {
    app.get(
      '/api/hunting/schema',
      {
        config: { access: { permission: 'hunting.run' } },
        schema: {
          response: {
            200: {
              type: 'object',
              properties: {
                tables: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      name: { type: 'string' },
                      description: { type: 'string' },
                      columns: {
                        type: 'array',
                        items: { type: 'object', properties: { name: { type: 'string' }, type: { type: 'string' }, description: { type: 'string' } } },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
      async () => body,
    );
  };
}
