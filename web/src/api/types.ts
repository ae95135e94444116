// The shapes of Lander's REST API that the app uses, as described in docs/openapi.json.

/** The roles of a workspace, least powerful first. */
export const ROLES = ["viewer", "editor", "publisher", "admin", "owner"] as const;
export type Role = (typeof ROLES)[number];

export interface AccountView {
  id: string;
  email: string;
  email_verified: boolean;
  has_password: boolean;
  created_at: string;
}

export interface MembershipView {
  id: string;
  name: string;
  role: string;
}

/** The signed-in browser: the answer of sign-in, session, password change and the like. */
export interface SessionView {
  account: AccountView;
  session_id: string;
  csrf_token: string;
  workspace_id?: string | null;
  workspaces: MembershipView[];
  expires_at: string;
}

export interface Accepted {
  detail: string;
}

export interface ProviderView {
  name: string;
  display_name: string;
  start_url: string;
}

export interface SessionInfo {
  id: string;
  current: boolean;
  ip?: string | null;
  user_agent?: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface MemberView {
  account_id: string;
  email: string;
  role: string;
  joined_at: string;
}

export interface InvitationView {
  id: string;
  email: string;
  role?: string | null;
  expires_at: string;
  created_at: string;
}

export interface TokenView {
  id: string;
  name: string;
  account_id: string;
  workspace_id: string;
  role: string;
  last_used_at?: string | null;
  expires_at?: string | null;
  revoked_at?: string | null;
  created_at: string;
}

export interface CreatedToken extends TokenView {
  token: string;
}

export type PageStatus = "draft" | "published";

export interface PageView {
  id: string;
  title: string;
  slug: string;
  status: PageStatus;
  url: string;
  draft_revision: number;
  live_version?: number | null;
  latest_version?: number | null;
  has_unpublished_changes: boolean;
  published_at?: string | null;
  created_at: string;
  updated_at: string;
}

export interface PageList {
  items: PageView[];
  total: number;
  limit: number;
  offset: number;
}

export interface TemplateView {
  id: string;
  name: string;
  description: string;
  has_form: boolean;
}

export interface FieldError {
  pointer: string;
  detail: string;
}

/** One stored encoding of an uploaded image. */
export interface VariantView {
  width: number;
  height: number;
  /** `webp` or the original's format (`png`, `jpeg`, `gif`). */
  format: string;
  /** Public, immutable URL path (`/assets/<hash>-<width>.<ext>`). */
  url: string;
  size: number;
}

/** An uploaded image with its responsive variants. */
export interface AssetView {
  id: string;
  name: string;
  /** The widest variant in the original format (for `src`). */
  url: string;
  width: number;
  height: number;
  content_type: string;
  size: number;
  variants: VariantView[];
  srcset: Record<string, string>;
  /** Pages of the workspace whose draft or live version uses it. */
  usage: number | null;
  created_at: string;
}

export interface AssetList {
  items: AssetView[];
  total: number;
  limit: number;
  offset: number;
}
