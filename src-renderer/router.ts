import { createRouter, createWebHashHistory, type RouteLocationRaw, type RouteRecordRaw } from 'vue-router'
import { onSignedOut } from './api'
import { useAuthStore } from './stores/auth'
// Static imports: the app is small, and a desktop app gains nothing from lazy chunks.
import CalendarView from './views/CalendarView.vue'
import CaseDetailView from './views/CaseDetailView.vue'
import CaseListView from './views/CaseListView.vue'
import DocumentsView from './views/DocumentsView.vue'
import LegalView from './views/LegalView.vue'
import ImportView from './views/ImportView.vue'
import LoginView from './views/LoginView.vue'
import ReviewsView from './views/ReviewsView.vue'
import ReviewView from './views/ReviewView.vue'
import RootCausesView from './views/RootCausesView.vue'
import TrendsView from './views/TrendsView.vue'
import DashboardView from './views/DashboardView.vue'
import RectificationView from './views/RectificationView.vue'
import SecurityView from './views/SecurityView.vue'
import UsersView from './views/UsersView.vue'

const routes: RouteRecordRaw[] = [
  { path: '/', redirect: { name: 'cases' } },
  { path: '/login', name: 'login', component: LoginView, meta: { public: true, bare: true } },
  { path: '/cases', name: 'cases', component: CaseListView, meta: { area: 'cases' } },
  {
    path: '/cases/:id(\\d+)',
    name: 'case',
    component: CaseDetailView,
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { area: 'cases' }
  },
  { path: '/reviews', name: 'reviews', component: ReviewsView, meta: { area: 'review' } },
  {
    path: '/reviews/:id(\\d+)',
    name: 'review',
    component: ReviewView,
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { area: 'review' }
  },
  // The placeholder's old address, in case it was bookmarked.
  { path: '/review', redirect: { name: 'reviews' } },
  { path: '/root-causes', name: 'root-causes', component: RootCausesView, meta: { area: 'rootCauses' } },
  { path: '/trends', name: 'trends', component: TrendsView, meta: { area: 'trends' } },
  // Leadership's landing screen (installAuthGuard sends them here from /).
  { path: '/dashboard', name: 'dashboard', component: DashboardView, meta: { area: 'trends' } },
  { path: '/documents', name: 'documents', component: DocumentsView, meta: { area: 'documents' } },
  // The legal department's workbench, and its landing screen (installAuthGuard).
  { path: '/legal', name: 'legal', component: LegalView, meta: { area: 'legal' } },
  { path: '/rectification', name: 'rectification', component: RectificationView, meta: { area: 'rectification' } },
  // Everyone signed in may read the loaded years and the policy parameters; changing them is for administrators.
  { path: '/calendar', name: 'calendar', component: CalendarView, meta: { area: 'calendar' } },
  // The records office and administrators import; the server checks (auth/access.ts).
  { path: '/import', name: 'import', component: ImportView, meta: { area: 'import' } },
  // Retention of personal data and directory sign-in: administrators (the server checks).
  { path: '/security', name: 'security', component: SecurityView, meta: { area: 'security' } },
  // User administration: administrators (the server checks every change, auth/access.ts).
  { path: '/users', name: 'users', component: UsersView, meta: { area: 'users' } },
  { path: '/policy', redirect: { name: 'calendar', query: { tab: 'policy' } } },
  { path: '/:pathMatch(.*)*', redirect: { name: 'cases' } }
]

export type NavArea = 'cases' | 'review' | 'rootCauses' | 'trends' | 'documents' | 'calendar' | 'legal' | 'import' | 'rectification' | 'security' | 'users'

declare module 'vue-router' {
  interface RouteMeta {
    area?: NavArea
    /** Reachable without signing in. */
    public?: boolean
    /** Shown without the header and navigation (the sign-in screen). */
    bare?: boolean
  }
}

export const router = createRouter({ history: createWebHashHistory(), routes })

/** Only same-app paths are followed after sign-in, never an address someone put into the link. */
export function safeRedirect(value: unknown): RouteLocationRaw {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && value !== '/login' ? value : '/'
}

/** Signed-out users go to /login and come back afterwards; a signed-in user has no business there. */
export function installAuthGuard(): void {
  router.beforeEach(async (to) => {
    const auth = useAuthStore()
    await auth.ensureChecked()
    // The start address is kept as itself, so each role lands on its own screen after signing in.
    if (!auth.user && !to.meta.public) return { name: 'login', query: { redirect: to.redirectedFrom?.fullPath === '/' ? '/' : to.fullPath } }
    if (auth.user && to.name === 'login') return safeRedirect(to.query.redirect)
    // The legal role lands on its workbench, not on the case list (issue 13); a chosen address is kept.
    if (auth.user && to.name === 'cases' && to.redirectedFrom?.path === '/' && auth.hasRole('legal') && !auth.hasRole('reviewer', 'senior_reviewer')) return { name: 'legal' }
    // The landing screen: leadership (without a reviewing role) starts on its dashboard.
    if (auth.user && to.name === 'cases' && to.redirectedFrom?.path === '/' && auth.hasRole('leadership') && !auth.hasRole('reviewer', 'senior_reviewer', 'admin')) return { name: 'dashboard' }
    // The records office (without a reviewing role) starts on its documents (issue 10 point 16).
    if (auth.user && to.name === 'cases' && to.redirectedFrom?.path === '/' && auth.hasRole('records') && !auth.hasRole('reviewer', 'senior_reviewer', 'admin', 'legal', 'leadership')) return { name: 'documents' }
    return true
  })

  // A session that ends under us (server restart, signed out in another window) surfaces as
  // 'unauthenticated' from whichever store asked first.
  onSignedOut((_channel, message) => {
    const auth = useAuthStore()
    auth.forget(message)
    // The sign-in screen's demo hint is told only to callers who are not signed in: ask again.
    void auth.me()
    const current = router.currentRoute.value
    if (!current.meta.public) void router.replace({ name: 'login', query: { redirect: current.fullPath } })
  })
}
