"""The one mechanism behind `passerelle demo`.

Each app that contributes to the demo has a `demo.py` module with a `load(ctx: DemoContext)` function.
The command calls them in INSTALLED_APPS order (portal, directory, referrals, network), inside one
transaction, then calls each module's optional `finish(ctx)` in the same order: a second pass for links to
rows that a later app loads. Every loader must be idempotent: it looks rows up by a natural key (slug, username…) and
updates them, so running the demo twice doubles nothing.
"""

import secrets
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from tqdm import tqdm


@dataclass
class DemoAccount:
    username: str
    organization: str
    role: str
    password: str | None  # None when the account already existed and kept its password


@dataclass
class DemoContext:
    stdout: object
    style: object
    reset_passwords: bool = False
    verbosity: int = 1
    accounts: list[DemoAccount] = field(default_factory=list)

    def say(self, message: str) -> None:
        if self.verbosity:
            self.stdout.write(message)

    def progress(self, iterable, *, desc: str, total: int | None = None):
        """Wrap a loop in a progress bar (on stderr, so it never mixes with the printed accounts)."""
        return tqdm(iterable, desc=desc, total=total, disable=self.verbosity == 0, leave=False)

    def ensure_user(self, *, username: str, first_name: str = "", last_name: str = "", email: str = "",
                    organization: str = "", role: str = "", is_superuser: bool = False):
        """Create a demo account with a random password (printed once), or keep the existing one's."""
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "last_name": last_name, "email": email},
        )
        password = None
        if created or self.reset_passwords:
            password = secrets.token_urlsafe(12)
            user.set_password(password)
        user.first_name, user.last_name, user.email = first_name, last_name, email
        if is_superuser:
            user.is_superuser = user.is_staff = True
        user.save()
        self.accounts.append(DemoAccount(username, organization, role, password))
        return user
