import { describe, expect, it } from 'vitest';
import { agentOf, ticketOf } from '../../freshservice-app/src/identity.js';

describe('who looks at which ticket', () => {
  it('reads the current logged-in user shape', () => {
    expect(agentOf({ id: 'agent-anna', name: 'Anna Smith', group_ids: [1001] })).toEqual({ actor: { id: 'agent-anna', name: 'Anna Smith' }, groupIds: [1001] });
  });

  it('reads the older nested shape, and a numeric id as text', () => {
    expect(agentOf({ agent: { id: 17, group_ids: [2001] }, user: { name: 'Nick', email: 'nick@example.com' } })).toEqual({ actor: { id: '17', name: 'Nick' }, groupIds: [2001] });
  });

  it('joins first and last name, and says when the groups are unknown', () => {
    expect(agentOf({ id: 3, first_name: 'Ivan', last_name: 'Petrov' })).toEqual({ actor: { id: '3', name: 'Ivan Petrov' }, groupIds: null });
  });

  it('knows no agent without an id', () => {
    expect(agentOf({ name: 'Nobody' })).toBeNull();
    expect(agentOf(undefined)).toBeNull();
  });

  it('takes the ticket’s number as the escalation’s ticket id, with the fields the mapping reads', () => {
    expect(ticketOf({ id: 4521, subject: ' Branch VPN down ', priority: 4, category: 'Network' })).toEqual({ id: '4521', subject: 'Branch VPN down', priority: 4, impact: null, category: 'Network' });
    expect(ticketOf({ id: '' })).toBeNull();
  });
});
