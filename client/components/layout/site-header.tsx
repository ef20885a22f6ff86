import Link from 'next/link';
import { getCurrentUser, getUnreadNoticeCount } from '@/lib/api';
import type { User } from '@/lib/api/types';
import { NotificationBell } from '../notifications/notification-bell';
import { NavLink } from './nav-link';
import { SignInLinks } from './sign-in-links';
import { SignOutButton } from './sign-out-button';

/** A header must not take every page down with it when the auth or the notifications service is briefly away. */
async function currentUserOrNull(): Promise<User | null> {
  try {
    return await getCurrentUser();
  } catch {
    return null;
  }
}

async function unreadNoticeCountOrNull(): Promise<number | null> {
  try {
    return await getUnreadNoticeCount();
  } catch {
    return null;
  }
}

export async function SiteHeader() {
  const user = await currentUserOrNull();
  const unreadCount = user ? await unreadNoticeCountOrNull() : null;
  return (
    <header className="site-header">
      <div className="container site-header-inner">
        <Link href="/" className="brand">
          Ticketing
        </Link>
        <nav aria-label="Main" className="main-nav">
          <ul>
            <li>
              <NavLink href="/">Events</NavLink>
            </li>
            <li>
              <NavLink href="/events/new">Create an event</NavLink>
            </li>
            {user && (
              <>
                <li>
                  <NavLink href="/tickets/mine">My tickets</NavLink>
                </li>
                <li>
                  <NavLink href="/orders">My orders</NavLink>
                </li>
                <li>
                  <NavLink href="/payouts">Payouts</NavLink>
                </li>
              </>
            )}
          </ul>
        </nav>
        <div className="account">
          {user ? (
            <>
              <NotificationBell unreadCount={unreadCount} />
              <span className="account-email" title="Signed in">
                {user.email}
              </span>
              <SignOutButton />
            </>
          ) : (
            <SignInLinks />
          )}
        </div>
      </div>
    </header>
  );
}
