// /app/account: your workspaces, the current workspace's administration (for its admins and
// owners), where you're signed in, your password, and your data.
import { useEffect, useState } from "preact/hooks";
import { account, auth } from "../../api/lander";
import { asProblem } from "../../api/problem";
import type { SessionInfo } from "../../api/types";
import { Alert } from "../../components/Alert";
import { Form } from "../../components/Form";
import { Heading } from "../../components/Heading";
import { atLeast, currentWorkspace, useSignedIn } from "../../session";
import { describeBrowser, when } from "../../util/format";
import { WorkspaceAdmin } from "./WorkspaceAdmin";

export function AccountScreen() {
  const me = useSignedIn();
  const current = currentWorkspace(me);
  const [sessionsVersion, setSessionsVersion] = useState(0);

  return (
    <>
      <Heading title="Your account" />
      <div class="card">
        <h2>Your workspaces</h2>
        {me.workspaces.length ? (
          <table>
            <thead>
              <tr>
                <th>Workspace</th>
                <th>Your role</th>
              </tr>
            </thead>
            <tbody>
              {me.workspaces.map((w) => (
                <tr key={w.id}>
                  <td>
                    {w.name}
                    {w.id === current?.id && me.workspaces.length > 1 ? (
                      <span class="muted"> (working here)</span>
                    ) : null}
                  </td>
                  <td>
                    <span class="badge">{w.role}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">You're not in a workspace yet. Ask an admin for an invitation.</p>
        )}
        {me.workspaces.length > 1 ? (
          <p class="hint">Switch workspaces with the menu at the top of every screen.</p>
        ) : null}
      </div>
      {current && atLeast(current.role, "admin") ? <WorkspaceAdmin workspace={current} /> : null}
      <Sessions version={sessionsVersion} />
      <div class="card">
        <h2>Change your password</h2>
        <PasswordForm onChanged={() => setSessionsVersion((n) => n + 1)} />
      </div>
      <YourData />
    </>
  );
}

function Sessions({ version }: { version: number }) {
  const [list, setList] = useState<SessionInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    auth.sessions().then(
      (l) => {
        setList(l);
        setError(null);
      },
      (err: unknown) => setError(asProblem(err).message),
    );
  }, [version, reload]);

  const end = async (s: SessionInfo) => {
    try {
      await auth.endSession(s.id);
    } catch (err) {
      setError(asProblem(err).message);
    }
    setReload((n) => n + 1);
  };

  return (
    <div class="card">
      <h2>Where you're signed in</h2>
      {error ? <Alert kind="error">{error}</Alert> : null}
      {list === null ? (
        error ? null : <p class="muted">Loading…</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Browser</th>
              <th>Address</th>
              <th>Last active</th>
              <th>
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((s) => (
              <tr key={s.id}>
                <td title={s.user_agent ?? ""}>{describeBrowser(s.user_agent)}</td>
                <td>{s.ip || "—"}</td>
                <td>{when(s.last_seen_at)}</td>
                <td>
                  {s.current ? (
                    <span class="badge">This browser</span>
                  ) : (
                    <button type="button" class="link" onClick={() => end(s)}>
                      Sign out
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function PasswordForm({ onChanged }: { onChanged: () => void }) {
  const me = useSignedIn();
  const [done, setDone] = useState(false);
  return (
    <>
      <p class="muted">You'll stay signed in here and be signed out everywhere else.</p>
      <Form
        fields={[
          ...(me.account.has_password
            ? [
                {
                  name: "current_password",
                  label: "Current password",
                  type: "password" as const,
                  autocomplete: "current-password",
                },
              ]
            : []),
          {
            name: "new_password",
            label: "New password",
            type: "password",
            autocomplete: "new-password",
            minLength: 12,
            hint: "At least 12 characters, not a common password.",
          },
        ]}
        submitText="Change password"
        notice={
          done ? (
            <Alert kind="ok">Your password was changed. Other browsers were signed out.</Alert>
          ) : null
        }
        onSubmit={async (v) => {
          setDone(false);
          const body = me.account.has_password
            ? { current_password: v.current_password ?? "", new_password: v.new_password ?? "" }
            : { new_password: v.new_password ?? "" };
          // The answer is a fresh session (every session ended, this one included).
          me.ctx.setSession(await auth.changePassword(body));
          setDone(true);
          onChanged();
        }}
      />
    </>
  );
}

function YourData() {
  const me = useSignedIn();
  return (
    <div class="card">
      <h2>Your data</h2>
      <p class="muted">Download everything Lander holds about you, or delete your account.</p>
      <div class="row">
        <a class="button secondary" href={account.exportUrl} download="lander-account.json">
          Download my data
        </a>
      </div>
      <details>
        <summary>Delete my account</summary>
        <p class="muted">
          Your pages stay with their workspaces. The audit log keeps what happened, without your
          name, address or browser. This cannot be undone.
        </p>
        <Form
          prefix="delete"
          fields={
            me.account.has_password
              ? [
                  {
                    name: "password",
                    label: "Your password",
                    type: "password",
                    autocomplete: "current-password",
                  },
                ]
              : []
          }
          submitText="Delete my account for good"
          submitClass="full danger"
          onSubmit={async (v) => {
            await account.remove(me.account.has_password ? { password: v.password ?? "" } : {});
            me.ctx.accountDeleted();
          }}
        />
      </details>
    </div>
  );
}
