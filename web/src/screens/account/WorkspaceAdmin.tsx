// The current workspace's members, invitations and API tokens, for its admins and owners.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { invitations, members, tokens } from "../../api/lander";
import { asProblem } from "../../api/problem";
import type {
  CreatedToken,
  InvitationView,
  MemberView,
  MembershipView,
  TokenView,
} from "../../api/types";
import { ROLES } from "../../api/types";
import { Alert } from "../../components/Alert";
import { Form } from "../../components/Form";
import { rolesUpTo } from "../../session";
import { when } from "../../util/format";

type Notice = { kind: "ok" | "error"; text: string } | null;

function Notice({ notice }: { notice: Notice }) {
  return notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null;
}

/** Loads a list, and loads it again when `reload` is called. */
function useList<T>(load: () => Promise<T[]>, onError: (message: string) => void) {
  const [list, setList] = useState<T[] | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    load().then(setList, (err: unknown) => onError(asProblem(err).message));
    // `load` is a fixed endpoint; only `version` asks again.
  }, [version]);
  return { list, setList, reload: () => setVersion((n) => n + 1) };
}

function Table(props: { head: string[]; children: ComponentChildren }) {
  return (
    <table>
      <thead>
        <tr>
          {props.head.map((h, i) =>
            h ? (
              <th key={i}>{h}</th>
            ) : (
              <th key={i}>
                <span class="sr-only">Actions</span>
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
}

export function WorkspaceAdmin({ workspace }: { workspace: MembershipView }) {
  return (
    <div class="card" id="workspace-admin">
      <h2>Workspace: {workspace.name}</h2>
      <Members />
      <Invitations workspace={workspace} />
      <Tokens workspace={workspace} />
    </div>
  );
}

function Members() {
  const [notice, setNotice] = useState<Notice>(null);
  const fail = (text: string) => setNotice({ kind: "error", text });
  const { list, setList, reload } = useList<MemberView>(members.list, fail);

  const changeRole = async (m: MemberView, role: string) => {
    setNotice(null);
    setList((old) => old && old.map((x) => (x.account_id === m.account_id ? { ...x, role } : x)));
    try {
      await members.changeRole(m.account_id, role);
      setNotice({ kind: "ok", text: `${m.email} is now ${role}.` });
    } catch (err) {
      fail(asProblem(err).message);
    } finally {
      reload();
    }
  };

  const remove = async (m: MemberView) => {
    setNotice(null);
    try {
      await members.remove(m.account_id);
      setNotice({ kind: "ok", text: `${m.email} was removed.` });
    } catch (err) {
      fail(asProblem(err).message);
    }
    reload();
  };

  return (
    <section aria-labelledby="members-title">
      <h3 id="members-title">Members</h3>
      <Notice notice={notice} />
      {list === null ? null : (
        <Table head={["E-mail", "Role", ""]}>
          {list.map((m) => (
            <tr key={m.account_id}>
              <td id={`member-${m.account_id}`}>{m.email}</td>
              <td>
                <select
                  aria-label={`Role of ${m.email}`}
                  value={m.role}
                  onChange={(e) => changeRole(m, e.currentTarget.value)}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <button
                  type="button"
                  class="link"
                  aria-describedby={`member-${m.account_id}`}
                  onClick={() => remove(m)}
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}

function Invitations({ workspace }: { workspace: MembershipView }) {
  const [notice, setNotice] = useState<Notice>(null);
  const fail = (text: string) => setNotice({ kind: "error", text });
  const { list, reload } = useList<InvitationView>(invitations.list, fail);

  const withdraw = async (i: InvitationView) => {
    setNotice(null);
    try {
      await invitations.withdraw(i.id);
      setNotice({ kind: "ok", text: `The invitation to ${i.email} was withdrawn.` });
    } catch (err) {
      fail(asProblem(err).message);
    }
    reload();
  };

  return (
    <section aria-labelledby="invite-title">
      <h3 id="invite-title">Invite someone</h3>
      <Form
        prefix="invite"
        fields={[
          { name: "email", label: "E-mail address", type: "email", autocomplete: "off" },
          { name: "role", label: "Role", options: rolesUpTo(workspace.role), value: "editor" },
        ]}
        submitText="Send the invitation"
        resetOnSuccess
        notice={<Notice notice={notice} />}
        onSubmit={async (v) => {
          setNotice(null);
          await invitations.create({ email: v.email ?? "", role: v.role ?? "editor" });
          setNotice({ kind: "ok", text: `An invitation is on its way to ${v.email}.` });
          reload();
        }}
      />
      {list?.length ? (
        <Table head={["Invited", "Role", "Until", ""]}>
          {list.map((i) => (
            <tr key={i.id}>
              <td id={`invitation-${i.id}`}>{i.email}</td>
              <td>{i.role ?? ""}</td>
              <td>{when(i.expires_at)}</td>
              <td>
                <button
                  type="button"
                  class="link"
                  aria-describedby={`invitation-${i.id}`}
                  onClick={() => withdraw(i)}
                >
                  Withdraw
                </button>
              </td>
            </tr>
          ))}
        </Table>
      ) : null}
    </section>
  );
}

function Tokens({ workspace }: { workspace: MembershipView }) {
  const [notice, setNotice] = useState<Notice>(null);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [copied, setCopied] = useState(false);
  const fail = (text: string) => setNotice({ kind: "error", text });
  const { list, reload } = useList<TokenView>(tokens.list, fail);
  const live = (list ?? []).filter((t) => !t.revoked_at);

  const revoke = async (t: TokenView) => {
    setNotice(null);
    try {
      await tokens.revoke(t.id);
      setNotice({ kind: "ok", text: `The token “${t.name}” was revoked.` });
      if (created?.id === t.id) setCreated(null);
    } catch (err) {
      fail(asProblem(err).message);
    }
    reload();
  };

  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <section aria-labelledby="tokens-title">
      <h3 id="tokens-title">API tokens</h3>
      <p class="muted">
        Tokens let programs use Lander's API in this workspace, as you, at a role up to yours.
      </p>
      <Notice notice={notice} />
      {created ? (
        <div class="alert ok token-secret" role="status">
          <p>Copy this token now; it is shown only once:</p>
          <code id="new-token">{created.token}</code>
          {typeof navigator !== "undefined" && navigator.clipboard ? (
            <button type="button" class="secondary small copy" onClick={copy}>
              {copied ? "Copied" : "Copy the token"}
            </button>
          ) : null}
        </div>
      ) : null}
      <Form
        prefix="token"
        fields={[
          { name: "name", label: "Token name", placeholder: "e.g. CI deploys" },
          { name: "role", label: "Role", options: rolesUpTo(workspace.role), value: "editor" },
          {
            name: "days",
            label: "Expires after (days, empty for never)",
            type: "number",
            min: 1,
            max: 3650,
            required: false,
          },
        ]}
        submitText="Create token"
        resetOnSuccess
        onSubmit={async (v) => {
          setNotice(null);
          const body: { name: string; role: string; expires_at?: string } = {
            name: v.name ?? "",
            role: v.role ?? "editor",
          };
          const days = Number(v.days);
          if (v.days && Number.isFinite(days)) {
            body.expires_at = new Date(Date.now() + days * 86_400_000).toISOString();
          }
          const token = await tokens.create(body);
          setCopied(false);
          setCreated(token);
          reload();
        }}
      />
      {live.length ? (
        <Table head={["Name", "Role", "Last used", "Expires", ""]}>
          {live.map((t) => (
            <tr key={t.id}>
              <td id={`token-${t.id}`}>{t.name}</td>
              <td>{t.role}</td>
              <td>{t.last_used_at ? when(t.last_used_at) : "never"}</td>
              <td>{t.expires_at ? when(t.expires_at) : "never"}</td>
              <td>
                <button
                  type="button"
                  class="link"
                  aria-describedby={`token-${t.id}`}
                  onClick={() => revoke(t)}
                >
                  Revoke
                </button>
              </td>
            </tr>
          ))}
        </Table>
      ) : null}
    </section>
  );
}
