import type { Db } from '../db/connection';
import type { User } from '../../../shared/contract/schemas';
import type { Role } from '../../../shared/roles';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  title: string;
  role: Role;
  language: 'fi' | 'sv';
  password_hash: string | null;
  active: number;
  area_ids: string | null;
}

const USER_SELECT = `SELECT u.id, u.username, u.display_name, u.title, u.role, u.language, u.password_hash, u.active,
  (SELECT group_concat(area_id) FROM user_areas WHERE user_id = u.id) AS area_ids FROM users u`;

export function toUser(r: UserRow): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    title: r.title,
    role: r.role,
    language: r.language,
    areaIds: r.area_ids ? r.area_ids.split(',') : [],
  };
}

export function findUserByUsername(db: Db, username: string): UserRow | undefined {
  return db.prepare(`${USER_SELECT} WHERE u.username = ?`).get(username) as UserRow | undefined;
}

export function findUserById(db: Db, id: string): UserRow | undefined {
  return db.prepare(`${USER_SELECT} WHERE u.id = ?`).get(id) as UserRow | undefined;
}
