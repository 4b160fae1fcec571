import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { installAuthGuard, router } from './router'
import { applyLocale, i18n, isLocale } from './i18n'
import './styles/base.css'
import './styles/banners.css'
import './styles/panels.css'

const app = createApp(App)
app.use(createPinia())
// Before the router starts: the first navigation must already wait for auth.me.
installAuthGuard()
app.use(router)
app.use(i18n)
const locale = i18n.global.locale.value
applyLocale(isLocale(locale) ? locale : 'zh-CN')
app.mount('#app')
