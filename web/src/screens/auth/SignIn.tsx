// Signing in, with e-mail and password or with a configured identity provider.
import { useEffect, useState } from "preact/hooks";
import { auth } from "../../api/lander";
import type { ProviderView } from "../../api/types";
import { Alert } from "../../components/Alert";
import { Form } from "../../components/Form";
import { CardScreen } from "../../components/Heading";
import { Link } from "../../router";
import { useSession } from "../../session";

/** A message the previous screen left in the history entry (`navigate(.., { state })`). */
export function noticeFromHistory(): string | null {
  const state: unknown = window.history.state;
  if (typeof state === "object" && state !== null && "notice" in state) {
    const notice = (state as { notice: unknown }).notice;
    return typeof notice === "string" ? notice : null;
  }
  return null;
}

export function SignInScreen() {
  const { setSession } = useSession();
  const [providers, setProviders] = useState<ProviderView[]>([]);
  const [notice] = useState(noticeFromHistory);

  useEffect(() => {
    auth.providers().then(setProviders, () => setProviders([]));
  }, []);

  return (
    <CardScreen title="Sign in" lead="Welcome back. Sign in to build and publish your pages.">
      {notice ? <Alert kind="ok">{notice}</Alert> : null}
      <Form
        fields={[
          { name: "email", label: "E-mail address", type: "email", autocomplete: "username" },
          { name: "password", label: "Password", type: "password", autocomplete: "current-password" },
        ]}
        submitText="Sign in"
        onSubmit={async (v) => {
          // The app then goes on to the screen that asked for signing in, or the pages.
          setSession(await auth.signIn({ email: v.email ?? "", password: v.password ?? "" }));
        }}
      />
      <div class="links">
        <Link href="/app/forgot">Forgot your password?</Link>
        <Link href="/app/signup">Create an account</Link>
      </div>
      {providers.length ? (
        <div>
          <div class="or">or</div>
          <div class="sso">
            {providers.map((p) => (
              <a key={p.name} class="button secondary" href={p.start_url}>
                Continue with {p.display_name}
              </a>
            ))}
          </div>
        </div>
      ) : null}
    </CardScreen>
  );
}
