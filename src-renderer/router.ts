import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'
// Static imports: the app is small, and a desktop app gains nothing from lazy chunks.
import CaseDetailView from './views/CaseDetailView.vue'
import CaseListView from './views/CaseListView.vue'
import ComingSoonView from './views/ComingSoonView.vue'

const routes: RouteRecordRaw[] = [
  { path: '/', redirect: { name: 'cases' } },
  { path: '/cases', name: 'cases', component: CaseListView, meta: { area: 'cases' } },
  {
    path: '/cases/:id(\\d+)',
    name: 'case',
    component: CaseDetailView,
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { area: 'cases' }
  },
  { path: '/review', name: 'review', component: ComingSoonView, meta: { area: 'review' } },
  { path: '/root-causes', name: 'root-causes', component: ComingSoonView, meta: { area: 'rootCauses' } },
  { path: '/trends', name: 'trends', component: ComingSoonView, meta: { area: 'trends' } },
  { path: '/documents', name: 'documents', component: ComingSoonView, meta: { area: 'documents' } },
  { path: '/:pathMatch(.*)*', redirect: { name: 'cases' } }
]

export type NavArea = 'cases' | 'review' | 'rootCauses' | 'trends' | 'documents'

declare module 'vue-router' {
  interface RouteMeta {
    area?: NavArea
  }
}

export const router = createRouter({ history: createWebHashHistory(), routes })
