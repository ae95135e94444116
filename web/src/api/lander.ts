// Lander's endpoints, typed, over the app's client.
import { api } from "./client";
import type {
  Accepted,
  AssetList,
  AssetView,
  CreatedToken,
  InvitationView,
  MemberView,
  PageList,
  PageStatus,
  PageView,
  ProviderView,
  SessionInfo,
  SessionView,
  TemplateView,
  TokenView,
} from "./types";

const id = (s: string) => encodeURIComponent(s);

export const auth = {
  session: () => api.get<SessionView>("/api/v1/auth/session"),
  providers: () => api.get<ProviderView[]>("/api/v1/auth/providers"),
  signIn: (body: { email: string; password: string }) =>
    api.post<SessionView>("/api/v1/auth/signin", body),
  signUp: (body: { email: string; password: string }) =>
    api.post<Accepted>("/api/v1/auth/signup", body),
  signOut: () => api.post<void>("/api/v1/auth/signout"),
  askReset: (body: { email: string }) => api.post<Accepted>("/api/v1/auth/password-reset", body),
  confirmReset: (body: { token: string; new_password: string }) =>
    api.post<SessionView>("/api/v1/auth/password-reset/confirm", body),
  verifyEmail: (body: { token: string }) =>
    api.post<SessionView>("/api/v1/auth/verify-email", body),
  acceptInvitation: (body: { token: string; password?: string }) =>
    api.post<SessionView>("/api/v1/auth/invitations/accept", body),
  changePassword: (body: { current_password?: string; new_password: string }) =>
    api.post<SessionView>("/api/v1/auth/password", body),
  sessions: () => api.get<SessionInfo[]>("/api/v1/auth/sessions"),
  endSession: (sessionId: string) => api.delete(`/api/v1/auth/sessions/${id(sessionId)}`),
  chooseWorkspace: (workspaceId: string) =>
    api.put<SessionView>("/api/v1/auth/session/workspace", { workspace_id: workspaceId }),
};

export const account = {
  exportUrl: "/api/v1/account/export",
  remove: (body: { password?: string }) => api.delete("/api/v1/account", body),
};

export const members = {
  list: () => api.get<MemberView[]>("/api/v1/members"),
  changeRole: (accountId: string, role: string) =>
    api.patch<MemberView>(`/api/v1/members/${id(accountId)}`, { role }),
  remove: (accountId: string) => api.delete(`/api/v1/members/${id(accountId)}`),
};

export const invitations = {
  list: () => api.get<InvitationView[]>("/api/v1/invitations"),
  create: (body: { email: string; role: string }) =>
    api.post<InvitationView>("/api/v1/invitations", body),
  withdraw: (invitationId: string) => api.delete(`/api/v1/invitations/${id(invitationId)}`),
};

export const tokens = {
  list: () => api.get<TokenView[]>("/api/v1/tokens"),
  create: (body: { name: string; role: string; expires_at?: string }) =>
    api.post<CreatedToken>("/api/v1/tokens", body),
  revoke: (tokenId: string) => api.delete(`/api/v1/tokens/${id(tokenId)}`),
};

export interface PageQuery {
  status?: PageStatus;
  q?: string;
  limit?: number;
  offset?: number;
}

export const pages = {
  list: (query: PageQuery, signal?: AbortSignal) =>
    api.get<PageList>("/api/v1/pages", { query: { ...query }, signal }),
  get: (pageId: string) => api.get<PageView>(`/api/v1/pages/${id(pageId)}`),
  create: (body: { title: string; slug?: string; template?: string }) =>
    api.post<PageView>("/api/v1/pages", body),
  duplicate: (pageId: string, body: { title?: string; slug?: string } = {}) =>
    api.post<PageView>(`/api/v1/pages/${id(pageId)}/duplicate`, body),
  remove: (pageId: string) => api.delete(`/api/v1/pages/${id(pageId)}`),
};

export const templates = {
  list: () => api.get<TemplateView[]>("/api/v1/templates"),
  /** The template rendered as a whole page, for a preview frame. */
  previewUrl: (templateId: string) => `/api/v1/templates/${id(templateId)}/preview`,
};

export const assets = {
  list: (query: { q?: string; limit?: number; offset?: number }, signal?: AbortSignal) =>
    api.get<AssetList>("/api/v1/assets", { query: { ...query }, signal }),
  upload: (file: File) => {
    const form = new FormData();
    form.append("file", file, file.name);
    return api.request<AssetView>("POST", "/api/v1/assets", { body: form });
  },
  remove: (assetId: string) => api.delete(`/api/v1/assets/${id(assetId)}`),
};
