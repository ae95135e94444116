// Any path under /app that is no screen.
import { CardScreen } from "../components/Heading";
import { Link } from "../router";

export function NotFoundScreen({ signedIn }: { signedIn: boolean }) {
  return (
    <CardScreen title="Not found" lead="There is no such screen.">
      <Link href={signedIn ? "/app" : "/app/signin"}>
        {signedIn ? "Go to your pages" : "Go to the sign-in screen"}
      </Link>
    </CardScreen>
  );
}
