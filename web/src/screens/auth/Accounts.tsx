// Getting an account and getting back into one: sign-up, "forgot your password" and the reset
// link, the e-mail confirmation link, and invitations.
import { useEffect, useState } from "preact/hooks";
import { auth } from "../../api/lander";
import { asProblem } from "../../api/problem";
import { Alert } from "../../components/Alert";
import { Form } from "../../components/Form";
import { CardScreen } from "../../components/Heading";
import { Link, navigate } from "../../router";
import { useSession } from "../../session";

/** The token of a mailed link: `#token=...` (a fragment never reaches a server's logs). */
export function tokenFromHash(hash: string = window.location.hash): string {
  return new URLSearchParams(hash.slice(1)).get("token") ?? "";
}

const NEW_PASSWORD_HINT = "At least 12 characters, not a common password.";

export function SignUpScreen() {
  const [done, setDone] = useState<string | null>(null);
  return (
    <CardScreen title="Create your account" lead="Start building landing pages in minutes.">
      {done ? (
        <Alert kind="ok">{done}</Alert>
      ) : (
        <Form
          fields={[
            { name: "email", label: "Work e-mail", type: "email", autocomplete: "email" },
            {
              name: "password",
              label: "Password",
              type: "password",
              autocomplete: "new-password",
              minLength: 12,
              hint: "At least 12 characters. A short phrase of your own works well.",
            },
          ]}
          submitText="Create account"
          onSubmit={async (v) => {
            const r = await auth.signUp({ email: v.email ?? "", password: v.password ?? "" });
            setDone(r.detail);
          }}
        />
      )}
      <div class="links">
        <span class="muted">Already have an account?</span>
        <Link href="/app/signin">Sign in</Link>
      </div>
    </CardScreen>
  );
}

export function ForgotScreen() {
  const [done, setDone] = useState<string | null>(null);
  return (
    <CardScreen
      title="Reset your password"
      lead="We'll e-mail you a link to choose a new password."
    >
      {done ? (
        <Alert kind="ok">{done}</Alert>
      ) : (
        <Form
          fields={[{ name: "email", label: "E-mail address", type: "email", autocomplete: "email" }]}
          submitText="Send the link"
          onSubmit={async (v) => {
            const r = await auth.askReset({ email: v.email ?? "" });
            setDone(r.detail);
          }}
        />
      )}
      <div class="links">
        <Link href="/app/signin">Back to sign in</Link>
      </div>
    </CardScreen>
  );
}

export function ResetScreen() {
  const { setSession } = useSession();
  const [token] = useState(() => tokenFromHash());
  if (!token) {
    return (
      <CardScreen
        title="Reset your password"
        lead="This link is incomplete. Open the link from the e-mail again, or ask for a new one."
      >
        <Link href="/app/forgot">Ask for a new link</Link>
      </CardScreen>
    );
  }
  return (
    <CardScreen
      title="Choose a new password"
      lead="You'll be signed in, and signed out everywhere else."
    >
      <Form
        fields={[
          {
            name: "new_password",
            label: "New password",
            type: "password",
            autocomplete: "new-password",
            minLength: 12,
            hint: NEW_PASSWORD_HINT,
          },
        ]}
        submitText="Save and sign in"
        onSubmit={async (v) => {
          setSession(await auth.confirmReset({ token, new_password: v.new_password ?? "" }));
          navigate("/app", { replace: true });
        }}
      />
      <div class="links">
        <Link href="/app/forgot">Ask for a new link</Link>
      </div>
    </CardScreen>
  );
}

export function VerifyScreen() {
  const { setSession } = useSession();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const token = tokenFromHash();
    if (!token) {
      setError("This link is incomplete. Open the link from the e-mail again.");
      return;
    }
    auth.verifyEmail({ token }).then(
      (s) => {
        setSession(s);
        navigate("/app", { replace: true });
      },
      (err: unknown) => setError(asProblem(err).message),
    );
  }, []);

  if (error) {
    return (
      <CardScreen title="This link did not work" lead={error}>
        <Link href="/app/signin">Sign in to get a new link</Link>
      </CardScreen>
    );
  }
  return <CardScreen title="Confirming your e-mail…" />;
}

export function InvitationScreen() {
  const { session, setSession } = useSession();
  const [token] = useState(() => tokenFromHash());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const accept = async (password?: string) => {
    const s = await auth.acceptInvitation(password === undefined ? { token } : { token, password });
    setSession(s);
    navigate("/app", { replace: true });
  };

  if (!token) {
    return (
      <CardScreen
        title="Invitation"
        lead="This invitation link is incomplete. Open it from the e-mail again."
      />
    );
  }
  if (session) {
    return (
      <CardScreen title="Join the workspace" lead={`You're signed in as ${session.account.email}.`}>
        {error ? <Alert kind="error">{error}</Alert> : null}
        <button
          type="button"
          class="full"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              await accept();
            } catch (err) {
              setError(asProblem(err).message);
              setBusy(false);
            }
          }}
        >
          {busy ? "Please wait…" : "Accept the invitation"}
        </button>
      </CardScreen>
    );
  }
  return (
    <CardScreen
      title="Join the workspace"
      lead="Choose a password to create your account. Already have one? Sign in first, then open the link again."
    >
      <Form
        fields={[
          {
            name: "password",
            label: "Password",
            type: "password",
            autocomplete: "new-password",
            minLength: 12,
            hint: NEW_PASSWORD_HINT,
          },
        ]}
        submitText="Accept and create account"
        onSubmit={(v) => accept(v.password ?? "")}
      />
      <div class="links">
        <Link href="/app/signin">Sign in instead</Link>
      </div>
    </CardScreen>
  );
}
